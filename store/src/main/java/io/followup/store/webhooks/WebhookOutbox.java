package io.followup.store.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.store.LeadStatements;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Where an event becomes webhooks: {@link #enqueue} writes one outbox row per configured URL in the
 * caller's transaction, so the webhook exists exactly when the state it reports was committed. The
 * envelope ({@code event}, {@code eventId}, {@code timestamp}, {@code data}) is built once, here,
 * and every attempt sends these bytes. The data of each event: {@link WebhookEvents}; every lead
 * event's data also gets the lead's {@code externalLeadId} here (null when it has none), as the
 * caller's transaction sees it. A URL that subscribed to some events only ({@link WebhookTarget})
 * gets a row for those alone. Each row is a delivery of the log ({@code GET
 * /v1/webhooks/deliveries}).
 */
public final class WebhookOutbox {
  private final List<WebhookTarget> targets;
  private final ObjectMapper json;
  private final Clock clock;

  public WebhookOutbox(List<WebhookTarget> targets, ObjectMapper json, Clock clock) {
    this.targets = List.copyOf(targets);
    this.json = json;
    this.clock = clock;
  }

  /** Every event to each of {@code urls}. */
  public static WebhookOutbox toEveryUrl(List<URI> urls, ObjectMapper json, Clock clock) {
    return new WebhookOutbox(urls.stream().map(WebhookTarget::everyEvent).toList(), json, clock);
  }

  /** No URL configured: enqueue does nothing. */
  public static WebhookOutbox none() {
    return new WebhookOutbox(List.of(), new ObjectMapper(), Clock.systemUTC());
  }

  public boolean enabled() {
    return !targets.isEmpty();
  }

  public List<URI> urls() {
    return targets.stream().map(WebhookTarget::url).toList();
  }

  /**
   * Records {@code event} for every URL, inside {@code handle}'s transaction.
   *
   * @param leadId orders the lead's events for each receiver; null for none
   * @return the event id, null when no URL is configured
   */
  public String enqueue(Handle handle, String event, String leadId, ObjectNode data) {
    List<WebhookTarget> wanting = targets.stream().filter(t -> t.wants(event)).toList();
    if (wanting.isEmpty()) {
      return null;
    }
    String eventId = UUID.randomUUID().toString();
    insert(handle, eventId, event, leadId, data, wanting);
    return eventId;
  }

  /**
   * A signed {@code ping} (empty {@code data}) to every URL, whatever it subscribed to, inside
   * {@code handle}'s transaction.
   *
   * @return the deliveries' ids, one per URL in {@code WEBHOOK_URLS}'s order
   */
  public List<Long> ping(Handle handle) {
    return insert(
        handle,
        UUID.randomUUID().toString(),
        WebhookEvents.PING,
        null,
        json.createObjectNode(),
        targets);
  }

  private List<Long> insert(
      Handle handle,
      String eventId,
      String event,
      String leadId,
      ObjectNode data,
      List<WebhookTarget> to) {
    Instant now = clock.instant();
    ObjectNode envelope = json.createObjectNode();
    envelope.put("event", event);
    envelope.put("eventId", eventId);
    envelope.put("timestamp", now.toString());
    if (leadId != null && !data.has("externalLeadId")) {
      data.put("externalLeadId", LeadStatements.externalLeadId(handle, leadId));
    }
    envelope.set("data", data);
    String body;
    try {
      body = json.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a webhook body could not be written", e);
    }
    WebhookOutboxDao dao = handle.attach(WebhookOutboxDao.class);
    List<Long> ids = new ArrayList<>();
    for (WebhookTarget target : to) {
      ids.add(dao.insert(eventId, event, leadId, target.url().toString(), body, now));
    }
    return ids;
  }
}

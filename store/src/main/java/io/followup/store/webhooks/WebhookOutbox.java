package io.followup.store.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.store.LeadStatements;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Where an event becomes webhooks: {@link #enqueue} writes one outbox row per configured URL in the
 * caller's transaction, so the webhook exists exactly when the state it reports was committed. The
 * envelope ({@code event}, {@code eventId}, {@code timestamp}, {@code data}) is built once, here,
 * and every attempt sends these bytes. The data of each event: {@link WebhookEvents}; every lead
 * event's data also gets the lead's {@code externalLeadId} here (null when it has none), as the
 * caller's transaction sees it.
 */
public final class WebhookOutbox {
  private final List<URI> urls;
  private final ObjectMapper json;
  private final Clock clock;

  public WebhookOutbox(List<URI> urls, ObjectMapper json, Clock clock) {
    this.urls = List.copyOf(urls);
    this.json = json;
    this.clock = clock;
  }

  /** No URL configured: enqueue does nothing. */
  public static WebhookOutbox none() {
    return new WebhookOutbox(List.of(), new ObjectMapper(), Clock.systemUTC());
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }

  public List<URI> urls() {
    return urls;
  }

  /**
   * Records {@code event} for every URL, inside {@code handle}'s transaction.
   *
   * @param leadId orders the lead's events for each receiver; null for none
   * @return the event id, null when no URL is configured
   */
  public String enqueue(Handle handle, String event, String leadId, ObjectNode data) {
    if (urls.isEmpty()) {
      return null;
    }
    String eventId = UUID.randomUUID().toString();
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
    for (URI url : urls) {
      dao.insert(eventId, event, leadId, url.toString(), body, now);
    }
    return eventId;
  }
}

package io.followup.api.core;

import io.followup.api.core.view.WebhookDeliveryPage;
import io.followup.api.core.view.WebhookDeliveryView;
import io.followup.api.core.view.WebhookPingView;
import io.followup.store.webhooks.WebhookDeliveryDao;
import io.followup.store.webhooks.WebhookDeliveryDao.Attempt;
import io.followup.store.webhooks.WebhookDeliveryDao.Delivery;
import io.followup.store.webhooks.WebhookDeliveryDao.Filter;
import io.followup.store.webhooks.WebhookOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook delivery log, its replay and the test ping: what an operator or integrator sees of
 * {@code webhook_outbox}. The dispatcher delivers what these put back in the queue.
 */
public final class WebhookDeliveries {
  static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED");
  private static final int MAX_EVENT = 64;

  private final Jdbi jdbi;
  private final WebhookOutbox outbox;
  private final Clock clock;

  public WebhookDeliveries(Jdbi jdbi, WebhookOutbox outbox, Clock clock) {
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The deliveries that pass the filters, oldest first, {@code limit} (1..100, 50) a page. */
  public WebhookDeliveryPage list(
      String status, String event, String leadId, String since, Integer limit, String nextToken) {
    int size = limit == null ? 50 : Page.limit(limit, 100);
    String wantedStatus = null;
    if (status != null && !status.isBlank()) {
      wantedStatus = status.strip().toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(wantedStatus)) {
        throw ApiException.badRequest("status", "must be PENDING, DELIVERED or FAILED");
      }
    }
    if (event != null && event.length() > MAX_EVENT) {
      throw ApiException.badRequest("event", "is longer than " + MAX_EVENT + " characters");
    }
    long after = 0;
    if (nextToken != null) {
      try {
        after = Long.parseLong(Page.decode(nextToken));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    Filter filter =
        new Filter(
            wantedStatus,
            blankToNull(event),
            blankToNull(leadId),
            LeadQueries.instant("since", since));
    long afterId = after;
    return Database.call(
        () ->
            jdbi.withHandle(
                handle -> {
                  List<Delivery> rows = WebhookDeliveryDao.page(handle, filter, afterId, size + 1);
                  String next = null;
                  if (rows.size() > size) {
                    rows = rows.subList(0, size);
                    next = Page.encode(Long.toString(rows.get(size - 1).id()));
                  }
                  return new WebhookDeliveryPage(views(handle, rows), next);
                }));
  }

  /** Delivery {@code id}, or 404. */
  public WebhookDeliveryView get(String id) {
    long key = id(id);
    return Database.call(
        () ->
            jdbi.withHandle(
                handle ->
                    WebhookDeliveryDao.find(handle, key)
                        .map(d -> views(handle, List.of(d)).get(0))
                        .orElseThrow(() -> notFound(id))));
  }

  /**
   * Puts delivery {@code id} back in the queue, due now: the same {@code eventId} and body, signed
   * again when sent. A delivered one is sent again; a failed one is tried once more (its retry
   * period is over: a failure marks it FAILED again); a pending one is tried now. 409 when its URL
   * is no longer in {@code WEBHOOK_URLS} (no dispatcher would send it).
   */
  public WebhookDeliveryView replay(String id) {
    long key = id(id);
    Set<String> configured = new HashSet<>();
    outbox.urls().forEach(u -> configured.add(u.toString()));
    Database.inTransaction(
        jdbi,
        handle -> {
          Delivery delivery = WebhookDeliveryDao.find(handle, key).orElseThrow(() -> notFound(id));
          if (!configured.contains(delivery.url())) {
            throw new ApiException(
                409,
                "delivery "
                    + id
                    + " is to a URL no longer in WEBHOOK_URLS; nothing would deliver it");
          }
          WebhookDeliveryDao.replay(handle, key, clock.instant());
        });
    return get(id);
  }

  /** A signed {@code ping} to every configured URL, delivered like any event; 409 with none. */
  public WebhookPingView ping() {
    if (!outbox.enabled()) {
      throw new ApiException(409, "no webhook URL is configured (WEBHOOK_URLS)");
    }
    List<Long> ids = new ArrayList<>();
    Database.inTransaction(jdbi, handle -> ids.addAll(outbox.ping(handle)));
    return Database.call(
        () ->
            jdbi.withHandle(
                handle -> {
                  List<Delivery> rows = new ArrayList<>();
                  for (long key : ids) {
                    WebhookDeliveryDao.find(handle, key).ifPresent(rows::add);
                  }
                  List<WebhookDeliveryView> views = views(handle, rows);
                  return new WebhookPingView(rows.isEmpty() ? null : rows.get(0).eventId(), views);
                }));
  }

  private static List<WebhookDeliveryView> views(Handle handle, List<Delivery> rows) {
    Map<Long, List<WebhookDeliveryView.Attempt>> attempts = new LinkedHashMap<>();
    rows.forEach(r -> attempts.put(r.id(), new ArrayList<>()));
    for (Attempt a : WebhookDeliveryDao.attempts(handle, attempts.keySet())) {
      attempts
          .get(a.deliveryId())
          .add(
              new WebhookDeliveryView.Attempt(
                  a.attemptedAt().toString(), a.statusCode(), a.latencyMs(), a.error()));
    }
    return rows.stream()
        .map(
            r ->
                new WebhookDeliveryView(
                    Long.toString(r.id()),
                    r.eventId(),
                    r.event(),
                    r.url(),
                    r.leadId(),
                    r.status(),
                    r.createdAt().toString(),
                    text(r.deliveredAt()),
                    "PENDING".equals(r.status()) ? text(r.nextAttemptAt()) : null,
                    List.copyOf(attempts.get(r.id()))))
        .toList();
  }

  private static long id(String id) {
    try {
      long key = Long.parseLong(id);
      if (key > 0) {
        return key;
      }
    } catch (NumberFormatException e) {
      // not one of ours
    }
    throw notFound(id);
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "webhook delivery " + id + " not found");
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}

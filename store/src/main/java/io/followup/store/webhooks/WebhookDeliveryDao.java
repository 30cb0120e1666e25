package io.followup.store.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * {@code webhook_outbox} as the delivery log ({@code GET /v1/webhooks/deliveries}) and its replay;
 * plain Handle statements, as the list's filters are optional. The same SQL on PostgreSQL and H2.
 */
public final class WebhookDeliveryDao {
  /** A delivery as the log shows it; {@code status} is PENDING, DELIVERED or FAILED. */
  public record Delivery(
      long id,
      String eventId,
      String event,
      String url,
      String leadId,
      String status,
      Instant createdAt,
      Instant deliveredAt,
      Instant nextAttemptAt) {}

  /** One attempt of delivery {@code deliveryId}. */
  public record Attempt(
      long deliveryId, Instant attemptedAt, Integer statusCode, long latencyMs, String error) {}

  /** The list's filters; a null one does not filter. */
  public record Filter(String status, String event, String leadId, Instant since) {}

  private static final String COLUMNS =
      "id, event_id, event, url, lead_id, status, created_at, delivered_at, next_attempt_at";

  private WebhookDeliveryDao() {}

  /** Up to {@code limit} deliveries after id {@code afterId} that pass {@code filter}, by id. */
  public static List<Delivery> page(Handle handle, Filter filter, long afterId, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM webhook_outbox WHERE id > :afterId");
    if (filter.status() != null) {
      sql.append(" AND status = :status");
    }
    if (filter.event() != null) {
      sql.append(" AND event = :event");
    }
    if (filter.leadId() != null) {
      sql.append(" AND lead_id = :leadId");
    }
    if (filter.since() != null) {
      sql.append(" AND created_at >= :since");
    }
    sql.append(" ORDER BY id LIMIT :limit");
    Query query = handle.createQuery(sql.toString()).bind("afterId", afterId).bind("limit", limit);
    if (filter.status() != null) {
      query.bind("status", filter.status());
    }
    if (filter.event() != null) {
      query.bind("event", filter.event());
    }
    if (filter.leadId() != null) {
      query.bind("leadId", filter.leadId());
    }
    if (filter.since() != null) {
      query.bind("since", filter.since());
    }
    return query.map(ConstructorMapper.of(Delivery.class)).list();
  }

  public static Optional<Delivery> find(Handle handle, long id) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM webhook_outbox WHERE id = :id")
        .bind("id", id)
        .map(ConstructorMapper.of(Delivery.class))
        .findOne();
  }

  /** The attempts of {@code deliveryIds}, oldest first per delivery. */
  public static List<Attempt> attempts(Handle handle, Collection<Long> deliveryIds) {
    if (deliveryIds.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery(
            "SELECT delivery_id, attempted_at, status_code, latency_ms, error"
                + " FROM webhook_attempts WHERE delivery_id IN (<ids>) ORDER BY delivery_id, id")
        .bindList("ids", new ArrayList<>(deliveryIds))
        .map(ConstructorMapper.of(Attempt.class))
        .list();
  }

  /**
   * Puts delivery {@code id} back in the queue, due at {@code now}: the same row, event id and body
   * (the dispatcher signs it again when it sends). A lease in flight is left alone.
   *
   * @return whether the row exists
   */
  public static boolean replay(Handle handle, long id, Instant now) {
    return handle
            .createUpdate(
                "UPDATE webhook_outbox SET status = 'PENDING', next_attempt_at = :now,"
                    + " dead_at = NULL, delivered_at = NULL WHERE id = :id")
            .bind("id", id)
            .bind("now", now)
            .execute()
        == 1;
  }
}

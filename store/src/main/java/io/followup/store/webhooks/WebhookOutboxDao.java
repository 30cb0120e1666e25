package io.followup.store.webhooks;

import io.followup.domain.webhooks.PendingWebhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code webhook_outbox} as the dispatcher's queue: the same SQL on PostgreSQL and H2 (a lease, no
 * SKIP LOCKED). Only PENDING rows are leased; DELIVERED and FAILED ones are the delivery log
 * ({@link WebhookDeliveryDao}) until the retention sweep.
 */
@RegisterConstructorMapper(PendingWebhook.class)
public interface WebhookOutboxDao {
  String COLUMNS = "id, event_id, event, url, body, attempts, created_at";

  @SqlUpdate(
      "INSERT INTO webhook_outbox (event_id, event, lead_id, url, body, created_at,"
          + " next_attempt_at) VALUES (:eventId, :event, :leadId, :url, :body, :createdAt,"
          + " :createdAt)")
  @GetGeneratedKeys("id")
  long insert(
      String eventId, String event, String leadId, String url, String body, Instant createdAt);

  /**
   * Leases due rows no one holds, each the oldest live row of its lead for the URL. The outer
   * conditions repeat the lease test: on PostgreSQL a concurrent claim waits for the first one's
   * row locks and then re-checks them against the rows as the first left them, so a row is leased
   * by one claim only.
   */
  @SqlUpdate(
      "UPDATE webhook_outbox SET lease_owner = :owner, lease_until = :leaseUntil"
          + " WHERE id IN (SELECT o.id FROM webhook_outbox o"
          + "   WHERE o.url = :url AND o.status = 'PENDING' AND o.next_attempt_at <= :now"
          + "   AND (o.lease_until IS NULL OR o.lease_until <= :now)"
          + "   AND NOT EXISTS (SELECT 1 FROM webhook_outbox e WHERE e.url = o.url"
          + "     AND e.lead_id = o.lead_id AND e.status = 'PENDING' AND e.id < o.id)"
          + "   ORDER BY o.id LIMIT :limit)"
          + " AND status = 'PENDING' AND (lease_until IS NULL OR lease_until <= :now)")
  int lease(String url, int limit, Instant now, Instant leaseUntil, String owner);

  @SqlQuery("SELECT " + COLUMNS + " FROM webhook_outbox WHERE lease_owner = :owner ORDER BY id")
  List<PendingWebhook> leasedBy(String owner);

  @SqlUpdate(
      "UPDATE webhook_outbox SET status = 'DELIVERED', delivered_at = :at,"
          + " attempts = attempts + 1, last_error = NULL, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = :id AND status = 'PENDING' AND lease_owner = :owner")
  int delivered(long id, String owner, Instant at);

  @SqlUpdate(
      "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt,"
          + " last_error = :error, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = :id AND lease_owner = :owner")
  int retry(long id, String owner, Instant nextAttemptAt, String error);

  @SqlUpdate(
      "UPDATE webhook_outbox SET status = 'FAILED', attempts = attempts + 1, dead_at = :at,"
          + " last_error = :error, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = :id AND lease_owner = :owner")
  int dead(long id, String owner, Instant at, String error);

  @SqlUpdate(
      "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error)"
          + " VALUES (:deliveryId, :at, :statusCode, :latencyMs, :error)")
  void attempt(long deliveryId, Instant at, Integer statusCode, long latencyMs, String error);

  /** Delivered and failed rows older than {@code before}, {@code limit} at most; attempts too. */
  @SqlUpdate(
      "DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox"
          + " WHERE created_at < :before AND status <> 'PENDING' ORDER BY id LIMIT :limit)")
  int sweep(Instant before, int limit);

  /** Rows for {@code url} not yet delivered (failed ones aside). */
  @SqlQuery("SELECT COUNT(*) FROM webhook_outbox WHERE url = :url AND status = 'PENDING'")
  long pending(String url);

  @SqlQuery("SELECT COUNT(*) FROM webhook_outbox WHERE url = :url AND status = 'FAILED'")
  long dead(String url);

  @SqlQuery("SELECT COUNT(*) FROM webhook_outbox WHERE url = :url AND status = 'DELIVERED'")
  long delivered(String url);

  /** Rows not yet delivered (failed ones aside), counted by URL. */
  @SqlQuery(
      "SELECT url, COUNT(*) AS count FROM webhook_outbox WHERE status = 'PENDING' GROUP BY url")
  @KeyColumn("url")
  @ValueColumn("count")
  Map<String, Long> pendingByUrl();
}

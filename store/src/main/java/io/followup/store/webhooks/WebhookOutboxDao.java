package io.followup.store.webhooks;

import io.followup.domain.webhooks.PendingWebhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code webhook_outbox}: the same SQL on PostgreSQL and H2 (a lease, no SKIP LOCKED). */
@RegisterConstructorMapper(PendingWebhook.class)
public interface WebhookOutboxDao {
  String COLUMNS = "id, event_id, event, url, body, attempts, created_at";

  @SqlUpdate(
      "INSERT INTO webhook_outbox (event_id, event, lead_id, url, body, created_at,"
          + " next_attempt_at) VALUES (:eventId, :event, :leadId, :url, :body, :createdAt,"
          + " :createdAt)")
  void insert(
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
          + "   WHERE o.url = :url AND o.dead_at IS NULL AND o.next_attempt_at <= :now"
          + "   AND (o.lease_until IS NULL OR o.lease_until <= :now)"
          + "   AND NOT EXISTS (SELECT 1 FROM webhook_outbox e WHERE e.url = o.url"
          + "     AND e.lead_id = o.lead_id AND e.id < o.id AND e.dead_at IS NULL)"
          + "   ORDER BY o.id LIMIT :limit)"
          + " AND dead_at IS NULL AND (lease_until IS NULL OR lease_until <= :now)")
  int lease(String url, int limit, Instant now, Instant leaseUntil, String owner);

  @SqlQuery("SELECT " + COLUMNS + " FROM webhook_outbox WHERE lease_owner = :owner ORDER BY id")
  List<PendingWebhook> leasedBy(String owner);

  @SqlUpdate("DELETE FROM webhook_outbox WHERE id = :id")
  void delete(long id);

  @SqlUpdate(
      "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt,"
          + " last_error = :error, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = :id AND lease_owner = :owner")
  void retry(long id, String owner, Instant nextAttemptAt, String error);

  @SqlUpdate(
      "UPDATE webhook_outbox SET attempts = attempts + 1, dead_at = :at, last_error = :error,"
          + " lease_owner = NULL, lease_until = NULL WHERE id = :id AND lease_owner = :owner")
  void dead(long id, String owner, Instant at, String error);

  /** Rows for {@code url} not yet delivered (dead ones aside). */
  @SqlQuery("SELECT COUNT(*) FROM webhook_outbox WHERE url = :url AND dead_at IS NULL")
  long pending(String url);

  @SqlQuery("SELECT COUNT(*) FROM webhook_outbox WHERE url = :url AND dead_at IS NOT NULL")
  long dead(String url);

  /** Rows not yet delivered (dead ones aside), counted by URL. */
  @SqlQuery("SELECT url, COUNT(*) AS count FROM webhook_outbox WHERE dead_at IS NULL GROUP BY url")
  @KeyColumn("url")
  @ValueColumn("count")
  Map<String, Long> pendingByUrl();
}

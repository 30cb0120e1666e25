package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** One-off texts ({@code sendMessage}); see V10__lead_messages.sql. */
@RegisterConstructorMapper(LeadMessageRow.class)
public interface LeadMessageDao {
  String COLUMNS =
      "id, lead_id, idempotency_key, request_hash, body, send_at, override_business_hours,"
          + " send_when_off, schedule_follow_ups, accepted, created_at";

  @SqlUpdate(
      "INSERT INTO lead_messages ("
          + COLUMNS
          + ") VALUES (:id, :leadId, :idempotencyKey, :requestHash, :body, :sendAt,"
          + " :overrideBusinessHours, :sendWhenOff, :scheduleFollowUps, :accepted, :createdAt)")
  void insert(@BindMethods LeadMessageRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM lead_messages WHERE id = :id")
  Optional<LeadMessageRow> find(String id);

  /** The message a request with this Idempotency-Key created, if any. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_messages WHERE lead_id = :leadId AND idempotency_key = :key")
  Optional<LeadMessageRow> findByKey(String leadId, String key);

  /**
   * The latest message an identical request (same body hash, no Idempotency-Key) created after
   * {@code since}: a retry of a request whose answer was lost.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_messages WHERE lead_id = :leadId AND idempotency_key IS NULL"
          + " AND request_hash = :requestHash AND created_at > :since"
          + " ORDER BY created_at DESC LIMIT 1")
  Optional<LeadMessageRow> findRetry(String leadId, String requestHash, Instant since);

  @SqlUpdate("UPDATE lead_messages SET accepted = TRUE WHERE id = :id")
  int markAccepted(String id);

  /** A message its workflow refused: gone, so that its Idempotency-Key may be used again. */
  @SqlUpdate("DELETE FROM lead_messages WHERE id = :id AND NOT accepted")
  int deleteRefused(String id);

  /**
   * The lead's accepted messages no completed delivery carries yet, oldest first: what its workflow
   * still has to send.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_messages m WHERE m.lead_id = :leadId AND m.accepted"
          + " AND NOT EXISTS (SELECT 1 FROM deliveries d"
          + " WHERE d.idempotency_key = m.lead_id || ':msg:' || m.id AND d.status <> 'PENDING')"
          + " ORDER BY m.created_at, m.id")
  List<LeadMessageRow> pending(String leadId);

  /**
   * Re-sends of expired texts stored before {@code before} and not accepted by their workflow yet,
   * oldest first ({@link ExpiredResends}): what the API's sweeper hands over.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_messages WHERE NOT accepted AND created_at < :before"
          + " AND idempotency_key LIKE 'resend:%' ORDER BY created_at, id LIMIT :limit")
  List<LeadMessageRow> unacceptedResends(Instant before, int limit);
}

package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(DeliveryRow.class)
public interface DeliveryDao {
  String COLUMNS =
      "idempotency_key, lead_id, follow_up_step, channel, status, strategy_id, content,"
          + " subject, provider_id, detail, claimed_at, completed_at";

  @SqlUpdate(
      "INSERT INTO deliveries (idempotency_key, lead_id, follow_up_step, channel, status, claimed_at)"
          + " VALUES (:idempotencyKey, :leadId, :followUpStep, :channel, 'PENDING', :claimedAt)")
  void insertPending(
      String idempotencyKey, String leadId, int followUpStep, String channel, Instant claimedAt);

  @SqlQuery("SELECT " + COLUMNS + " FROM deliveries WHERE idempotency_key = :key")
  Optional<DeliveryRow> find(String key);

  /** Completes a pending send; 0 rows when it was completed already (the first completion wins). */
  @SqlUpdate(
      "UPDATE deliveries SET status = :status, strategy_id = :strategyId, content = :content,"
          + " subject = :subject, provider_id = :providerId, detail = :detail, completed_at = :completedAt"
          + " WHERE idempotency_key = :idempotencyKey AND status = 'PENDING'")
  int complete(@BindMethods DeliveryRow row);

  /** The send the provider knows by {@code providerId} (a Twilio message or call SID). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM deliveries WHERE provider_id = :providerId ORDER BY claimed_at LIMIT 1")
  Optional<DeliveryRow> findByProviderId(String providerId);

  /** Removes a claim that never completed; 0 rows when the key is unknown or completed. */
  @SqlUpdate("DELETE FROM deliveries WHERE idempotency_key = :key AND status = 'PENDING'")
  int deletePending(String key);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM deliveries WHERE lead_id = :leadId ORDER BY claimed_at, idempotency_key")
  List<DeliveryRow> listByLead(String leadId);

  /** The sends claimed after {@code since}, oldest first (the schedule preview's recent sends). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM deliveries WHERE lead_id = :leadId AND claimed_at > :since"
          + " ORDER BY claimed_at, idempotency_key")
  List<DeliveryRow> listByLeadSince(String leadId, Instant since);
}

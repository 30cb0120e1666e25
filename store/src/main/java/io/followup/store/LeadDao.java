package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(LeadRow.class)
public interface LeadDao {
  String COLUMNS =
      "id, first_name, last_name, phone, email, timezone, customer_profile, additional_info,"
          + " has_replied, is_unsubscribed, follow_up_step, follow_up_status, next_follow_up_at,"
          + " follow_up_state, change_seq, send_seq, revision, created_at, updated_at,"
          + " email_unsubscribed";

  @SqlUpdate(
      "INSERT INTO leads ("
          + COLUMNS
          + ") VALUES (:id, :firstName, :lastName, :phone, :email,"
          + " :timezone, :customerProfile, :additionalInfo, :hasReplied, :isUnsubscribed,"
          + " :followUpStep, :followUpStatus, :nextFollowUpAt, :followUpState, :changeSeq,"
          + " :sendSeq, :revision, :createdAt, :updatedAt, :emailUnsubscribed)")
  void insert(@BindMethods LeadRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM leads WHERE id = :id")
  Optional<LeadRow> find(String id);

  /** How many leads are in each follow-up status (one GROUP BY; statuses with none are absent). */
  @SqlQuery(
      "SELECT follow_up_status AS status, COUNT(*) AS leads FROM leads GROUP BY follow_up_status")
  @KeyColumn("status")
  @ValueColumn("leads")
  Map<String, Long> countByFollowUpStatus();

  /** Locks the row until the transaction ends: updates to one lead are serialised here. */
  @SqlQuery("SELECT " + COLUMNS + " FROM leads WHERE id = :id FOR UPDATE")
  Optional<LeadRow> lock(String id);

  /** Locks the lead with this E.164 phone (inbound texts find their lead by it). */
  @SqlQuery("SELECT " + COLUMNS + " FROM leads WHERE phone = :phone FOR UPDATE")
  Optional<LeadRow> lockByPhone(String phone);

  /** Sets the opt-out flag to {@code value}; 0 when the lead is unknown or has it already. */
  @SqlUpdate(
      "UPDATE leads SET is_unsubscribed = :value, updated_at = :at"
          + " WHERE id = :id AND is_unsubscribed <> :value")
  int setUnsubscribed(String id, boolean value, Instant at);

  /** Sets {@code has_replied}; 0 when the lead is unknown or had replied already. */
  @SqlUpdate(
      "UPDATE leads SET has_replied = TRUE, updated_at = :at"
          + " WHERE id = :id AND has_replied = FALSE")
  int markReplied(String id, Instant at);

  /** Sets the email opt-out flag; 0 when the lead is unknown or already unsubscribed from email. */
  @SqlUpdate(
      "UPDATE leads SET email_unsubscribed = TRUE, updated_at = :at"
          + " WHERE id = :id AND email_unsubscribed = FALSE")
  int markEmailUnsubscribed(String id, Instant at);

  @SqlUpdate(
      "UPDATE leads SET email = :email, timezone = :timezone, additional_info = :additionalInfo,"
          + " follow_up_step = :followUpStep, follow_up_status = :followUpStatus,"
          + " next_follow_up_at = :nextFollowUpAt, follow_up_state = :followUpState,"
          + " change_seq = :changeSeq, send_seq = :sendSeq, revision = :revision,"
          + " updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods LeadRow row);

  /** addContext: the latest context (null keeps the stored one) and the merged additionalInfo. */
  @SqlUpdate(
      "UPDATE leads SET context = COALESCE(:context, context), additional_info = :additionalInfo,"
          + " updated_at = :updatedAt WHERE id = :id")
  void updateContext(String id, String context, String additionalInfo, Instant updatedAt);

  /** The latest context added to the lead; empty when none was (or no such lead). */
  @SqlQuery("SELECT context FROM leads WHERE id = :id AND context IS NOT NULL")
  Optional<String> findContext(String id);

  /**
   * Writes a projection the workflow reported on its own (a step ran), unless a newer one is
   * already stored: the API may have written a later change first.
   */
  @SqlUpdate(
      "UPDATE leads SET follow_up_step = :followUpStep, follow_up_status = :followUpStatus,"
          + " next_follow_up_at = :nextFollowUpAt, follow_up_state = :followUpState,"
          + " change_seq = :changeSeq, send_seq = :sendSeq, revision = :revision,"
          + " updated_at = :updatedAt WHERE id = :id AND revision < :revision")
  int updateProjectionIfNewer(
      String id,
      int followUpStep,
      String followUpStatus,
      Instant nextFollowUpAt,
      String followUpState,
      long changeSeq,
      long sendSeq,
      long revision,
      Instant updatedAt);

  /** Newest first; the page after ({@code beforeCreated}, {@code beforeId}) when given. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM leads"
          + " WHERE (CAST(:createdSince AS TIMESTAMP WITH TIME ZONE) IS NULL OR created_at >= :createdSince)"
          + " AND (CAST(:updatedSince AS TIMESTAMP WITH TIME ZONE) IS NULL OR updated_at >= :updatedSince)"
          + " AND (CAST(:beforeCreated AS TIMESTAMP WITH TIME ZONE) IS NULL OR created_at < :beforeCreated"
          + "      OR (created_at = :beforeCreated AND id < :beforeId))"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<LeadRow> page(
      Instant createdSince,
      Instant updatedSince,
      Instant beforeCreated,
      String beforeId,
      int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM leads WHERE id > :afterId ORDER BY id LIMIT :limit")
  List<LeadRow> scan(String afterId, int limit);

  /** Scheduled and long-term leads due before {@code until} (overdue first), soonest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM leads WHERE next_follow_up_at < :until"
          + " AND follow_up_status IN ('SCHEDULED', 'LONG_TERM')"
          + " ORDER BY next_follow_up_at, id LIMIT :limit")
  List<LeadRow> dueBefore(Instant until, int limit);

  @SqlQuery(
      "SELECT COUNT(*) FROM leads WHERE next_follow_up_at < :until"
          + " AND follow_up_status IN ('SCHEDULED', 'LONG_TERM')")
  long countDueBefore(Instant until);
}

package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The lead statements off the hot paths: flags set by opt-outs and replies, addContext, the status
 * counts of the metrics, the operators' scans. The lead's row reads and writes by id, its
 * projection, the list and its events are {@link LeadStatements}' (one place each); rows are mapped
 * by its {@link LeadStatements.Mapper}.
 */
@RegisterRowMapper(LeadStatements.Mapper.class)
public interface LeadDao {
  /** How many leads are in each follow-up status (one GROUP BY; statuses with none are absent). */
  @SqlQuery(
      "SELECT follow_up_status AS status, COUNT(*) AS leads FROM leads GROUP BY follow_up_status")
  @KeyColumn("status")
  @ValueColumn("leads")
  Map<String, Long> countByFollowUpStatus();

  /**
   * The stored leads, erased ones aside (the embedded run's start compares it with its ceiling).
   */
  @SqlQuery("SELECT COUNT(*) FROM leads WHERE deleted_at IS NULL")
  long countStored();

  /** Locks the lead with this E.164 phone (inbound texts find their lead by it). */
  @SqlQuery("SELECT " + LeadStatements.COLUMNS + " FROM leads WHERE phone = :phone FOR UPDATE")
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

  /** addContext: the latest context (null keeps the stored one) and the merged additionalInfo. */
  @SqlUpdate(
      "UPDATE leads SET context = COALESCE(:context, context), additional_info = :additionalInfo,"
          + " updated_at = :updatedAt WHERE id = :id")
  void updateContext(String id, String context, String additionalInfo, Instant updatedAt);

  /**
   * The live leads with a due instant after ({@code afterDue}, {@code afterId}), soonest first (an
   * erased lead has no workflow to recover): a pass over every lead reaches the due ones first.
   */
  @SqlQuery(
      "SELECT "
          + LeadStatements.COLUMNS
          + " FROM leads WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL"
          + " AND (next_follow_up_at > :afterDue"
          + " OR (next_follow_up_at = :afterDue AND id > :afterId))"
          + " ORDER BY next_follow_up_at, id LIMIT :limit")
  List<LeadRow> scanDue(Instant afterDue, String afterId, int limit);

  /** The live leads with nothing due (stopped, replied, paused...) after {@code afterId}, by id. */
  @SqlQuery(
      "SELECT "
          + LeadStatements.COLUMNS
          + " FROM leads WHERE deleted_at IS NULL AND next_follow_up_at IS NULL AND id > :afterId"
          + " ORDER BY id LIMIT :limit")
  List<LeadRow> scanNotDue(String afterId, int limit);

  /** Scheduled and long-term leads due before {@code until} (overdue first), soonest first. */
  @SqlQuery(
      "SELECT "
          + LeadStatements.COLUMNS
          + " FROM leads WHERE next_follow_up_at < :until"
          + " AND follow_up_status IN ('SCHEDULED', 'LONG_TERM')"
          + " ORDER BY next_follow_up_at, id LIMIT :limit")
  List<LeadRow> dueBefore(Instant until, int limit);

  @SqlQuery(
      "SELECT COUNT(*) FROM leads WHERE next_follow_up_at < :until"
          + " AND follow_up_status IN ('SCHEDULED', 'LONG_TERM')")
  long countDueBefore(Instant until);
}

package io.followup.store;

import io.followup.domain.events.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The hot-path statements of the API and the worker (a lead read, locked, updated; an event
 * appended; a projection written) as plain {@link Handle} statements with constant SQL and a
 * hand-written row mapper: attaching a SQL Object per request costs a proxy, its annotation lookups
 * and its configuration copy each time, which dominated the profile of a PATCH and a GET
 * (docs/BENCHMARKS.md). Same SQL and same semantics as {@link LeadDao} and {@link EventDao}, which
 * keep every other statement.
 */
public final class LeadStatements {
  private LeadStatements() {}

  private static final String SELECT = "SELECT " + LeadDao.COLUMNS + " FROM leads WHERE id = :id";

  /** The context follows the columns of {@link LeadDao#COLUMNS}. */
  private static final String SELECT_WITH_CONTEXT =
      "SELECT " + LeadDao.COLUMNS + ", context FROM leads WHERE id = :id";

  /** How many columns {@link LeadDao#COLUMNS} names: the mapper reads them by position. */
  static final int LEAD_COLUMNS = LeadDao.COLUMNS.split(",").length;

  private static final String LOCK = SELECT + " FOR UPDATE";
  private static final String LOCK_ID = "SELECT id FROM leads WHERE id = :leadId FOR UPDATE";
  private static final String INSERT =
      "INSERT INTO leads ("
          + LeadDao.COLUMNS
          + ") VALUES (:id, :firstName, :lastName, :phone, :email,"
          + " :timezone, :customerProfile, :additionalInfo, :hasReplied, :isUnsubscribed,"
          + " :followUpStep, :followUpStatus, :nextFollowUpAt, :followUpState, :changeSeq,"
          + " :sendSeq, :revision, :createdAt, :updatedAt, :emailUnsubscribed)";
  private static final String UPDATE =
      "UPDATE leads SET email = :email, timezone = :timezone, additional_info = :additionalInfo,"
          + " follow_up_step = :followUpStep, follow_up_status = :followUpStatus,"
          + " next_follow_up_at = :nextFollowUpAt, follow_up_state = :followUpState,"
          + " change_seq = :changeSeq, send_seq = :sendSeq, revision = :revision,"
          + " updated_at = :updatedAt WHERE id = :id";
  private static final String UPDATE_PROJECTION =
      "UPDATE leads SET follow_up_step = :followUpStep, follow_up_status = :followUpStatus,"
          + " next_follow_up_at = :nextFollowUpAt, follow_up_state = :followUpState,"
          + " change_seq = :changeSeq, send_seq = :sendSeq, revision = :revision,"
          + " updated_at = :updatedAt WHERE id = :id AND revision < :revision";
  private static final String INSERT_EVENT =
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, updated_at)"
          + " VALUES (:leadId, :type, :occurredAt, :data, "
          + EventDao.NEXT_UPDATED_AT
          + ")";

  private static final String PAGE =
      "SELECT "
          + LeadDao.COLUMNS
          + " FROM leads"
          + " WHERE (CAST(:createdSince AS TIMESTAMP WITH TIME ZONE) IS NULL OR created_at >= :createdSince)"
          + " AND (CAST(:updatedSince AS TIMESTAMP WITH TIME ZONE) IS NULL OR updated_at >= :updatedSince)"
          + " AND (CAST(:beforeCreated AS TIMESTAMP WITH TIME ZONE) IS NULL OR created_at < :beforeCreated"
          + "      OR (created_at = :beforeCreated AND id < :beforeId))"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit";

  /** A lead row and the latest context added to it (null when none was). */
  public record LeadWithContext(LeadRow lead, String context) {}

  /**
   * Maps the columns of {@link LeadDao#COLUMNS}, in that order: a column added there is read here
   * too ({@code StorageIT.leadStatementsMatchTheDao} compares every field with the DAO's).
   */
  public static final RowMapper<LeadRow> LEAD = LeadStatements::lead;

  public static Optional<LeadRow> find(Handle handle, String id) {
    return handle.createQuery(SELECT).bind("id", id).map(LEAD).findOne();
  }

  /** The row and its context in one statement (GET shows both). */
  public static Optional<LeadWithContext> findWithContext(Handle handle, String id) {
    return handle
        .createQuery(SELECT_WITH_CONTEXT)
        .bind("id", id)
        .map((rs, ctx) -> new LeadWithContext(lead(rs, ctx), rs.getString(LEAD_COLUMNS + 1)))
        .findOne();
  }

  /** Locks the row until the transaction ends: updates to one lead are serialised here. */
  public static Optional<LeadRow> lock(Handle handle, String id) {
    return handle.createQuery(LOCK).bind("id", id).map(LEAD).findOne();
  }

  public static void insert(Handle handle, LeadRow row) {
    bindRow(handle.createUpdate(INSERT), row)
        .bind("firstName", row.firstName())
        .bind("lastName", row.lastName())
        .bind("phone", row.phone())
        .bind("customerProfile", row.customerProfile())
        .bind("hasReplied", row.hasReplied())
        .bind("isUnsubscribed", row.isUnsubscribed())
        .bind("createdAt", row.createdAt())
        .bind("emailUnsubscribed", row.emailUnsubscribed())
        .execute();
  }

  /** {@link LeadDao#update}: the fields a PATCH may change and the projection. */
  public static void update(Handle handle, LeadRow row) {
    bindRow(handle.createUpdate(UPDATE), row).execute();
  }

  private static org.jdbi.v3.core.statement.Update bindRow(
      org.jdbi.v3.core.statement.Update update, LeadRow row) {
    return update
        .bind("id", row.id())
        .bind("email", row.email())
        .bind("timezone", row.timezone())
        .bind("additionalInfo", row.additionalInfo())
        .bind("followUpStep", row.followUpStep())
        .bind("followUpStatus", row.followUpStatus())
        .bind("nextFollowUpAt", row.nextFollowUpAt())
        .bind("followUpState", row.followUpState())
        .bind("changeSeq", row.changeSeq())
        .bind("sendSeq", row.sendSeq())
        .bind("revision", row.revision())
        .bind("updatedAt", row.updatedAt());
  }

  /** {@link LeadDao#updateProjectionIfNewer}: 0 when a newer revision is stored. */
  public static int updateProjectionIfNewer(
      Handle handle,
      String id,
      int followUpStep,
      String followUpStatus,
      Instant nextFollowUpAt,
      String followUpState,
      long changeSeq,
      long sendSeq,
      long revision,
      Instant updatedAt) {
    return handle
        .createUpdate(UPDATE_PROJECTION)
        .bind("id", id)
        .bind("followUpStep", followUpStep)
        .bind("followUpStatus", followUpStatus)
        .bind("nextFollowUpAt", nextFollowUpAt)
        .bind("followUpState", followUpState)
        .bind("changeSeq", changeSeq)
        .bind("sendSeq", sendSeq)
        .bind("revision", revision)
        .bind("updatedAt", updatedAt)
        .execute();
  }

  /**
   * {@link EventDao#insert}: appends an event in commit order, the lead's row locked first in the
   * same transaction (joined when the caller's transaction is open, as on the update path, which
   * holds the lock already).
   */
  public static void insertEvent(
      Handle handle, String leadId, EventType type, Instant occurredAt, String data) {
    handle.useTransaction(
        h -> {
          h.createQuery(LOCK_ID).bind("leadId", leadId).mapTo(String.class).findOne();
          h.createUpdate(INSERT_EVENT)
              .bind("leadId", leadId)
              .bind("type", type.name())
              .bind("occurredAt", occurredAt)
              .bind("data", data)
              .execute();
        });
  }

  /**
   * {@link #insertEvent} for a caller whose open transaction already holds the lead's row lock
   * ({@link #lock}, or the row inserted in it): the same commit order without the second lock
   * statement.
   */
  public static void insertEventHoldingLock(
      Handle handle, String leadId, EventType type, Instant occurredAt, String data) {
    if (!handle.isInTransaction()) {
      throw new IllegalStateException("the lead's row lock is held in a transaction only");
    }
    handle
        .createUpdate(INSERT_EVENT)
        .bind("leadId", leadId)
        .bind("type", type.name())
        .bind("occurredAt", occurredAt)
        .bind("data", data)
        .execute();
  }

  /**
   * {@link LeadDao#page}: newest first; the page after ({@code beforeCreated}, {@code beforeId}).
   */
  public static java.util.List<LeadRow> page(
      Handle handle,
      Instant createdSince,
      Instant updatedSince,
      Instant beforeCreated,
      String beforeId,
      int limit) {
    return handle
        .createQuery(PAGE)
        .bind("createdSince", createdSince)
        .bind("updatedSince", updatedSince)
        .bind("beforeCreated", beforeCreated)
        .bind("beforeId", beforeId)
        .bind("limit", limit)
        .map(LEAD)
        .list();
  }

  private static LeadRow lead(ResultSet rs, StatementContext ctx) throws SQLException {
    return new LeadRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getBoolean(9),
        rs.getBoolean(10),
        rs.getInt(11),
        rs.getString(12),
        instant(rs.getTimestamp(13)),
        rs.getString(14),
        rs.getLong(15),
        rs.getLong(16),
        rs.getLong(17),
        instant(rs.getTimestamp(18)),
        instant(rs.getTimestamp(19)),
        rs.getBoolean(20));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

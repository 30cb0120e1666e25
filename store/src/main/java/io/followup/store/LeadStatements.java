package io.followup.store;

import io.followup.workflows.model.FollowUpState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * The one place of a lead's row statements: read, lock, insert, update, the projection of its
 * workflow state, the list's page. A lead's events are appended by {@link EventStatements}, a lead
 * erased by {@link LeadErasure}. Plain {@link Handle} statements with constant SQL and one
 * hand-written row mapper: attaching a SQL Object per request costs a proxy, its annotation lookups
 * and its configuration copy each time, which dominated the profile of a PATCH and a GET
 * (docs/BENCHMARKS.md). {@link LeadDao} keeps the statements off the hot paths (flags, counts, the
 * operators' scans) and maps its rows with {@link Mapper}.
 */
public final class LeadStatements {
  private LeadStatements() {}

  /**
   * The columns of a {@link LeadRow}, in its components' order: {@link Mapper} reads by position.
   */
  public static final String COLUMNS =
      "id, first_name, last_name, phone, email, timezone, customer_profile, additional_info,"
          + " has_replied, is_unsubscribed, follow_up_step, follow_up_status, next_follow_up_at,"
          + " follow_up_state, change_seq, send_seq, revision, created_at, updated_at,"
          + " email_unsubscribed, external_lead_id, is_hot, is_qualified, summary, deleted_at,"
          + " state";

  /** How many columns {@link #COLUMNS} names. */
  static final int LEAD_COLUMNS = COLUMNS.split(",").length;

  /** A live lead: an erased one ({@link #erase}) is found by the list only. */
  private static final String SELECT =
      "SELECT " + COLUMNS + " FROM leads WHERE id = :id AND deleted_at IS NULL";

  /** The latest event's time of the lead in {@code leads}' row (null without events). */
  private static final String LAST_ACTIVITY =
      "(SELECT MAX(occurred_at) FROM lead_events e WHERE e.lead_id = leads.id)";

  /**
   * GET: the context and the last activity follow {@link #COLUMNS}; an erased lead is not shown.
   */
  private static final String SELECT_SHOWN =
      "SELECT "
          + COLUMNS
          + ", context, "
          + LAST_ACTIVITY
          + ", consent FROM leads WHERE id = :id AND deleted_at IS NULL";

  private static final String EXTERNAL_ID = "SELECT external_lead_id FROM leads WHERE id = :id";
  private static final String LOCK = SELECT + " FOR UPDATE";

  private static final String INSERT =
      "INSERT INTO leads ("
          + COLUMNS
          + ") VALUES (:id, :firstName, :lastName, :phone, :email,"
          + " :timezone, :customerProfile, :additionalInfo, :hasReplied, :isUnsubscribed,"
          + " :followUpStep, :followUpStatus, :nextFollowUpAt, :followUpState, :changeSeq,"
          + " :sendSeq, :revision, :createdAt, :updatedAt, :emailUnsubscribed, :externalLeadId,"
          + " :isHot, :isQualified, :summary, :deletedAt, :state)";

  /** The projection's columns, set from a {@link FollowUpState} by {@link #bindProjection}. */
  private static final String SET_PROJECTION =
      " follow_up_step = :followUpStep, follow_up_status = :followUpStatus,"
          + " next_follow_up_at = :nextFollowUpAt, follow_up_state = :followUpState,"
          + " change_seq = :changeSeq, send_seq = :sendSeq, revision = :revision,"
          + " updated_at = :updatedAt";

  private static final String UPDATE =
      "UPDATE leads SET email = :email, timezone = :timezone, additional_info = :additionalInfo,"
          + " external_lead_id = :externalLeadId, is_hot = :isHot, is_qualified = :isQualified,"
          + " summary = :summary, state = :state,"
          + SET_PROJECTION
          + " WHERE id = :id";
  private static final String UPDATE_PROJECTION =
      "UPDATE leads SET" + SET_PROJECTION + " WHERE id = :id AND revision < :revision";

  /**
   * The list, oldest first by (created_at, id) or (updated_at, id), from just after a position: the
   * first page starts after (since, ""), which is every lead at or after since (ids are never
   * empty), the next after the last lead read. Keyset, so a lead changed while a client pages moves
   * behind its position and is read again, never skipped. Erased leads are listed (deleted).
   */
  private static final String PAGE_BY_CREATED =
      "SELECT "
          + COLUMNS
          + ", NULL, "
          + LAST_ACTIVITY
          + ", consent FROM leads WHERE (created_at > :fromAt OR (created_at = :fromAt AND id > :fromId))"
          + " ORDER BY created_at, id LIMIT :limit";

  private static final String PAGE_BY_UPDATED =
      "SELECT "
          + COLUMNS
          + ", NULL, "
          + LAST_ACTIVITY
          + ", consent FROM leads WHERE (updated_at > :fromAt OR (updated_at = :fromAt AND id > :fromId))"
          + " AND created_at >= :createdSince"
          + " ORDER BY updated_at, id LIMIT :limit";

  /**
   * A lead as GET and the list show it: the row, the latest context added to it (null when none
   * was, and in the list), the time of its latest event (null without events) and its consent as
   * last recorded (JSON text; null when none was).
   */
  public record ShownLead(LeadRow lead, String context, Instant lastActivityAt, String consent) {
    public ShownLead(LeadRow lead, String context, Instant lastActivityAt) {
      this(lead, context, lastActivityAt, null);
    }
  }

  private static final RowMapper<ShownLead> SHOWN =
      (rs, ctx) ->
          new ShownLead(
              lead(rs),
              rs.getString(LEAD_COLUMNS + 1),
              instant(rs.getTimestamp(LEAD_COLUMNS + 2)),
              rs.getString(LEAD_COLUMNS + 3));

  private static final String SET_CONSENT = "UPDATE leads SET consent = :consent WHERE id = :id";
  private static final String HAS_CONSENT =
      "SELECT consent IS NOT NULL FROM leads WHERE id = :id AND deleted_at IS NULL";

  /**
   * Records the lead's consent (JSON text), replacing the one before; the caller holds the lock.
   */
  public static void setConsent(Handle handle, String id, String consent) {
    handle.createUpdate(SET_CONSENT).bind("id", id).bind("consent", consent).execute();
  }

  /** Whether the live lead has a consent recorded; false when unknown or erased. */
  public static boolean hasConsent(Handle handle, String id) {
    return handle
        .createQuery(HAS_CONSENT)
        .bind("id", id)
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  /** The order of the list: by creation, or by last update (with {@code updatedSince}). */
  public enum ListOrder {
    CREATED,
    UPDATED
  }

  /** The row mapper of {@link #COLUMNS}, for these statements and {@link LeadDao}'s. */
  public static final class Mapper implements RowMapper<LeadRow> {
    @Override
    public LeadRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return lead(rs);
    }
  }

  private static final RowMapper<LeadRow> LEAD = new Mapper();

  public static Optional<LeadRow> find(Handle handle, String id) {
    return handle.createQuery(SELECT).bind("id", id).map(LEAD).findOne();
  }

  /** GET in one statement: the row, its context and last activity; empty when erased. */
  public static Optional<ShownLead> findShown(Handle handle, String id) {
    return handle.createQuery(SELECT_SHOWN).bind("id", id).map(SHOWN).findOne();
  }

  /** The caller's CRM id of the lead (every lead webhook carries it); null when none or unknown. */
  public static String externalLeadId(Handle handle, String id) {
    List<String> found = handle.createQuery(EXTERNAL_ID).bind("id", id).mapTo(String.class).list();
    return found.isEmpty() ? null : found.get(0);
  }

  /** Locks the row until the transaction ends: updates to one lead are serialised here. */
  public static Optional<LeadRow> lock(Handle handle, String id) {
    return handle.createQuery(LOCK).bind("id", id).map(LEAD).findOne();
  }

  public static void insert(Handle handle, LeadRow row) {
    handle
        .createUpdate(INSERT)
        .bind("id", row.id())
        .bind("firstName", row.firstName())
        .bind("lastName", row.lastName())
        .bind("phone", row.phone())
        .bind("email", row.email())
        .bind("timezone", row.timezone())
        .bind("customerProfile", row.customerProfile())
        .bind("additionalInfo", row.additionalInfo())
        .bind("hasReplied", row.hasReplied())
        .bind("isUnsubscribed", row.isUnsubscribed())
        .bind("followUpStep", row.followUpStep())
        .bind("followUpStatus", row.followUpStatus())
        .bind("nextFollowUpAt", row.nextFollowUpAt())
        .bind("followUpState", row.followUpState())
        .bind("changeSeq", row.changeSeq())
        .bind("sendSeq", row.sendSeq())
        .bind("revision", row.revision())
        .bind("createdAt", row.createdAt())
        .bind("updatedAt", row.updatedAt())
        .bind("emailUnsubscribed", row.emailUnsubscribed())
        .bind("externalLeadId", row.externalLeadId())
        .bind("isHot", row.isHot())
        .bind("isQualified", row.isQualified())
        .bind("summary", row.summary())
        .bind("deletedAt", row.deletedAt())
        .bind("state", row.state())
        .execute();
  }

  /**
   * The API's write of a lead (create after its workflow started, PATCH): the fields it may change
   * and the state the workflow answered with, whatever revision is stored (the caller holds the row
   * lock and the workflow applied its change last).
   */
  public static void update(
      Handle handle, String id, LeadProfile profile, FollowUpState state, Instant updatedAt) {
    bindProjection(handle.createUpdate(UPDATE), id, state, updatedAt)
        .bind("email", profile.email())
        .bind("timezone", profile.timezone())
        .bind("additionalInfo", profile.additionalInfo())
        .bind("externalLeadId", profile.externalLeadId())
        .bind("isHot", profile.isHot())
        .bind("isQualified", profile.isQualified())
        .bind("summary", profile.summary())
        .bind("state", profile.state())
        .execute();
  }

  /**
   * A state the workflow reported (a step ran, an inbound text was applied), written unless a newer
   * revision is stored: the API may have written a later change first.
   *
   * @return whether it was written
   */
  public static boolean saveProjectionIfNewer(
      Handle handle, FollowUpState state, Instant updatedAt) {
    return bindProjection(handle.createUpdate(UPDATE_PROJECTION), state.leadId(), state, updatedAt)
            .execute()
        == 1;
  }

  /** The one mapping of a workflow state to the lead's projection columns. */
  private static Update bindProjection(
      Update update, String id, FollowUpState state, Instant updatedAt) {
    return update
        .bind("id", id)
        .bind("followUpStep", state.followUpStep())
        .bind("followUpStatus", state.followUpStatus().name())
        .bind("nextFollowUpAt", state.nextFollowUpAt())
        .bind("followUpState", FollowUpStateJson.write(state))
        .bind("changeSeq", state.changeSeq())
        .bind("sendSeq", state.sendSeq())
        .bind("revision", state.revision())
        .bind("updatedAt", updatedAt);
  }

  /**
   * A page of the list in {@code order}, the leads after ({@code fromAt}, {@code fromId}); {@code
   * createdSince} filters the {@link ListOrder#UPDATED} order (the other starts at it).
   */
  public static List<ShownLead> page(
      Handle handle,
      ListOrder order,
      Instant fromAt,
      String fromId,
      Instant createdSince,
      int limit) {
    var query =
        handle
            .createQuery(order == ListOrder.CREATED ? PAGE_BY_CREATED : PAGE_BY_UPDATED)
            .bind("fromAt", fromAt)
            .bind("fromId", fromId)
            .bind("limit", limit);
    if (order == ListOrder.UPDATED) {
      query.bind("createdSince", createdSince);
    }
    return query.map(SHOWN).list();
  }

  private static LeadRow lead(ResultSet rs) throws SQLException {
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
        rs.getBoolean(20),
        rs.getString(21),
        rs.getBoolean(22),
        rs.getBoolean(23),
        rs.getString(24),
        instant(rs.getTimestamp(25)),
        rs.getString(26));
  }

  /** A nullable timestamp column as an instant (the statements of the lead's row and events). */
  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package io.followup.store;

import io.followup.domain.events.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * A lead's events. Readers page them by ({@code updated_at}, {@code id}), so within one lead both
 * must grow in commit order: an event placed below one a reader already passed must never commit
 * afterwards. Every insert therefore locks the lead's row first, in the same transaction, and holds
 * the lock until that transaction ends: the next transaction adding an event to the lead takes its
 * id only after this one committed; and an event's {@code updated_at} is its time or, if the lead
 * has a later one (another process's clock, a time taken before the lock), that later one ({@link
 * #NEXT_UPDATED_AT}). An amended event moves strictly past every other ({@link #amend}), so a
 * reader sees it again and never misses it (docs/DECISIONS.md, "Events").
 */
@RegisterConstructorMapper(EventRow.class)
public interface EventDao {
  /** An inserted event's {@code updated_at}: its time, or the lead's latest if that is later. */
  String NEXT_UPDATED_AT =
      "GREATEST(CAST(:occurredAt AS TIMESTAMP WITH TIME ZONE),"
          + " COALESCE((SELECT MAX(updated_at) FROM lead_events WHERE lead_id = :leadId),"
          + " CAST(:occurredAt AS TIMESTAMP WITH TIME ZONE)))";

  String COLUMNS = "id, lead_id, type, occurred_at, updated_at, data";

  /** Appends an event to the lead, in commit order (see the class comment). */
  @Transaction
  default void insert(String leadId, EventType type, Instant occurredAt, String data) {
    lockLead(leadId);
    insertAfterLock(leadId, type.name(), occurredAt, data);
  }

  /**
   * Appends the event unless one with the same {@code dedupeKey} is stored for the lead, in commit
   * order; false when one was.
   */
  @Transaction
  default boolean insertOnce(
      String leadId, EventType type, Instant occurredAt, String data, String dedupeKey) {
    lockLead(leadId);
    return insertOnceAfterLock(leadId, type.name(), occurredAt, data, dedupeKey) == 1;
  }

  /**
   * Holds the lead's row until the transaction ends (the update path holds it already: no-op).
   * Events of a lead not (or not yet visibly) stored lock nothing; no reader can see them before
   * the lead either.
   */
  @SqlQuery("SELECT id FROM leads WHERE id = :leadId FOR UPDATE")
  Optional<String> lockLead(String leadId);

  /** Only through {@link #insert}. */
  @SqlUpdate(
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, updated_at)"
          + " VALUES (:leadId, :type, :occurredAt, :data, "
          + NEXT_UPDATED_AT
          + ")")
  void insertAfterLock(String leadId, String type, Instant occurredAt, String data);

  /** Only through {@link #insertOnce}. */
  @SqlUpdate(
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, dedupe_key, updated_at)"
          + " SELECT :leadId, :type, :occurredAt, :data, :dedupeKey, "
          + NEXT_UPDATED_AT
          + " WHERE NOT EXISTS (SELECT 1 FROM lead_events"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey)")
  int insertOnceAfterLock(
      String leadId, String type, Instant occurredAt, String data, String dedupeKey);

  /**
   * The event the lead stores under {@code dedupeKey} changed at {@code at}: its {@code updated_at}
   * moves to {@code at}, or just past the lead's latest when that is not earlier, so that it sorts
   * after every event a reader may have passed. Holds the lead's row lock; false without such an
   * event.
   */
  @Transaction
  default boolean amend(String leadId, String dedupeKey, Instant at) {
    lockLead(leadId);
    Instant next = at.truncatedTo(ChronoUnit.MICROS);
    Instant latest = latestUpdate(leadId).orElse(null);
    if (latest != null && !next.isAfter(latest)) {
      next = latest.plus(1, ChronoUnit.MICROS);
    }
    return setUpdatedAt(leadId, dedupeKey, next) == 1;
  }

  @SqlQuery("SELECT MAX(updated_at) FROM lead_events WHERE lead_id = :leadId")
  Optional<Instant> latestUpdate(String leadId);

  /** Only through {@link #amend}. */
  @SqlUpdate(
      "UPDATE lead_events SET updated_at = :updatedAt"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey")
  int setUpdatedAt(String leadId, String dedupeKey, Instant updatedAt);

  /** The lead's latest follow-up sends (MESSAGE, CALL, EMAIL events), newest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE lead_id = :leadId AND type IN ('MESSAGE', 'CALL', 'EMAIL')"
          + " ORDER BY id DESC LIMIT :limit")
  List<EventRow> latestSends(String leadId, int limit);

  /**
   * By ({@code updated_at}, {@code id}) ascending, after ({@code afterUpdated}, {@code afterId})
   * when given, from {@code since} ({@code updated_at}) when given.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE lead_id = :leadId"
          + " AND (CAST(:afterUpdated AS TIMESTAMP WITH TIME ZONE) IS NULL"
          + "      OR updated_at > :afterUpdated OR (updated_at = :afterUpdated AND id > :afterId))"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR updated_at >= :since)"
          + " ORDER BY updated_at, id LIMIT :limit")
  List<EventRow> page(String leadId, Instant afterUpdated, long afterId, Instant since, int limit);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE lead_id = :leadId AND type IN (<types>)"
          + " AND (CAST(:afterUpdated AS TIMESTAMP WITH TIME ZONE) IS NULL"
          + "      OR updated_at > :afterUpdated OR (updated_at = :afterUpdated AND id > :afterId))"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR updated_at >= :since)"
          + " ORDER BY updated_at, id LIMIT :limit")
  List<EventRow> pageOfTypes(
      String leadId,
      Instant afterUpdated,
      long afterId,
      Instant since,
      @BindList("types") List<String> types,
      int limit);

  /** The lead's texts and emails, both ways, by their time (the conversation). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE lead_id = :leadId AND type IN ('MESSAGE', 'EMAIL')"
          + " ORDER BY occurred_at, id")
  List<EventRow> messages(String leadId);
}

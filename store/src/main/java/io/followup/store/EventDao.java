package io.followup.store;

import io.followup.domain.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * A lead's events. Readers page them by id ({@code nextToken} is the last id read), so within one
 * lead the ids must be in commit order: an event whose id is below one a reader already passed must
 * never commit afterwards. Every insert therefore locks the lead's row first, in the same
 * transaction, and holds the lock until that transaction ends: the next transaction adding an event
 * to the lead takes its id only after this one committed (docs/DECISIONS.md, "Events").
 */
@RegisterConstructorMapper(EventRow.class)
public interface EventDao {

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
      "INSERT INTO lead_events (lead_id, type, occurred_at, data)"
          + " VALUES (:leadId, :type, :occurredAt, :data)")
  void insertAfterLock(String leadId, String type, Instant occurredAt, String data);

  /** Only through {@link #insertOnce}. */
  @SqlUpdate(
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, dedupe_key)"
          + " SELECT :leadId, :type, :occurredAt, :data, :dedupeKey"
          + " WHERE NOT EXISTS (SELECT 1 FROM lead_events"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey)")
  int insertOnceAfterLock(
      String leadId, String type, Instant occurredAt, String data, String dedupeKey);

  /** The lead's latest follow-up sends (MESSAGE, CALL, EMAIL events), newest first. */
  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND type IN ('MESSAGE', 'CALL', 'EMAIL')"
          + " ORDER BY id DESC LIMIT :limit")
  List<EventRow> latestSends(String leadId, int limit);

  /** Oldest first, after event {@code afterId}. */
  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND id > :afterId"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY id LIMIT :limit")
  List<EventRow> page(String leadId, long afterId, Instant since, int limit);

  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND id > :afterId AND type IN (<types>)"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY id LIMIT :limit")
  List<EventRow> pageOfTypes(
      String leadId, long afterId, Instant since, @BindList("types") List<String> types, int limit);
}

package io.followup.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reads of a lead's events. They are written by {@link EventStatements} ({@code insertEvent},
 * {@code insertEventOnce}, {@code amendEvent}). Readers page them by ({@code updated_at}, {@code
 * id}), so within one lead both must grow in commit order: an event placed below one a reader
 * already passed must never commit afterwards. Every insert therefore locks the lead's row first,
 * in the same transaction, and holds the lock until that transaction ends: the next transaction
 * adding an event to the lead takes its id only after this one committed; and an event's {@code
 * updated_at} is its time or, if the lead has a later one (another process's clock, a time taken
 * before the lock), that later one ({@link EventStatements#NEXT_UPDATED_AT}). An amended event
 * moves strictly past every other ({@link EventStatements#amendEvent}), so a reader sees it again
 * and never misses it (docs/DECISIONS.md, "Events").
 */
@RegisterConstructorMapper(EventRow.class)
public interface EventDao {
  String COLUMNS =
      "id, lead_id, type, occurred_at, updated_at, data, actor_type, actor_id, request_id";

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

package io.followup.store;

import io.followup.domain.audit.Actor;
import io.followup.domain.events.EventType;
import io.followup.workflows.RequestIds;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The one place where a lead's events are written: appended (each under the lead's row lock, so a
 * lead's events grow in commit order) and amended. Plain {@link Handle} statements with constant
 * SQL, like {@link LeadStatements}; {@link EventDao} reads them. Each records who caused it ({@link
 * Actor#current}) and the request id of the thread (the MDC's).
 */
public final class EventStatements {
  private EventStatements() {}

  private static final String LOCK_ID = "SELECT id FROM leads WHERE id = :leadId FOR UPDATE";

  /**
   * An inserted event's {@code updated_at}: its time, or the lead's latest if that is later
   * (another process's clock, a time taken before the lock), so that a lead's events grow in
   * ({@code updated_at}, {@code id}) in commit order: the order readers page them by ({@link
   * EventDao}).
   */
  public static final String NEXT_UPDATED_AT =
      "GREATEST(CAST(:occurredAt AS TIMESTAMP WITH TIME ZONE),"
          + " COALESCE((SELECT MAX(updated_at) FROM lead_events WHERE lead_id = :leadId),"
          + " CAST(:occurredAt AS TIMESTAMP WITH TIME ZONE)))";

  private static final String INSERT_EVENT =
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, actor_type, actor_id,"
          + " request_id, updated_at)"
          + " VALUES (:leadId, :type, :occurredAt, :data, :actorType, :actorId, :requestId, "
          + NEXT_UPDATED_AT
          + ")";
  private static final String INSERT_EVENT_ONCE =
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, actor_type, actor_id,"
          + " request_id, dedupe_key, updated_at)"
          + " SELECT :leadId, :type, :occurredAt, :data, :actorType, :actorId, :requestId,"
          + " :dedupeKey, "
          + NEXT_UPDATED_AT
          + " WHERE NOT EXISTS (SELECT 1 FROM lead_events"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey)";
  private static final String LATEST_EVENT_UPDATE =
      "SELECT MAX(updated_at) FROM lead_events WHERE lead_id = :leadId";
  private static final String SET_EVENT_UPDATED_AT =
      "UPDATE lead_events SET updated_at = :updatedAt"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey";

  /**
   * Appends an event to the lead. Readers page a lead's events by ({@code updated_at}, {@code id}),
   * so within one lead both must grow in commit order: the lead's row is locked first in the same
   * transaction (joined when the caller's is open) and held until it ends, so the next event of the
   * lead takes its id only after this one committed, and its {@code updated_at} is never below the
   * lead's latest ({@link #NEXT_UPDATED_AT}; docs/DECISIONS.md, "Events"). Events of a lead not (or
   * not yet visibly) stored lock nothing; no reader sees them before the lead either.
   */
  public static void insertEvent(
      Handle handle, String leadId, EventType type, Instant occurredAt, String data) {
    handle.useTransaction(
        h -> {
          lockId(h, leadId);
          eventInsert(h, INSERT_EVENT, leadId, type, occurredAt, data).execute();
        });
  }

  /**
   * {@link #insertEvent} unless the lead has an event with the same {@code dedupeKey}.
   *
   * @return false when it had one (nothing was written)
   */
  public static boolean insertEventOnce(
      Handle handle,
      String leadId,
      EventType type,
      Instant occurredAt,
      String data,
      String dedupeKey) {
    return handle.inTransaction(
        h -> {
          lockId(h, leadId);
          return eventInsert(h, INSERT_EVENT_ONCE, leadId, type, occurredAt, data)
                  .bind("dedupeKey", dedupeKey)
                  .execute()
              == 1;
        });
  }

  /**
   * {@link #insertEvent} for a caller whose open transaction already holds the lead's row lock
   * ({@link LeadStatements#lock}, or the row inserted in it): the same commit order without the
   * second lock statement.
   */
  public static void insertEventHoldingLock(
      Handle handle, String leadId, EventType type, Instant occurredAt, String data) {
    if (!handle.isInTransaction()) {
      throw new IllegalStateException("the lead's row lock is held in a transaction only");
    }
    eventInsert(handle, INSERT_EVENT, leadId, type, occurredAt, data).execute();
  }

  /**
   * The event the lead stores under {@code dedupeKey} changed at {@code at} (a delivery status
   * moved its send's event): its {@code updated_at} moves to {@code at}, or just past the lead's
   * latest when that is not earlier, so that it sorts after every event a reader may have passed.
   * Locks the lead's row like the inserts (joined when the caller's transaction is open).
   *
   * @return false without such an event
   */
  public static boolean amendEvent(Handle handle, String leadId, String dedupeKey, Instant at) {
    return handle.inTransaction(
        h -> {
          lockId(h, leadId);
          Instant next = at.truncatedTo(ChronoUnit.MICROS);
          Instant latest =
              h.createQuery(LATEST_EVENT_UPDATE)
                  .bind("leadId", leadId)
                  .map((rs, ctx) -> LeadStatements.instant(rs.getTimestamp(1)))
                  .findOne()
                  .orElse(null);
          if (latest != null && !next.isAfter(latest)) {
            next = latest.plus(1, ChronoUnit.MICROS);
          }
          return h.createUpdate(SET_EVENT_UPDATED_AT)
                  .bind("leadId", leadId)
                  .bind("dedupeKey", dedupeKey)
                  .bind("updatedAt", next)
                  .execute()
              == 1;
        });
  }

  private static void lockId(Handle handle, String leadId) {
    handle.createQuery(LOCK_ID).bind("leadId", leadId).mapTo(String.class).findOne();
  }

  /** Every event records the thread's actor and request id ({@link Actor#current}). */
  private static Update eventInsert(
      Handle handle, String sql, String leadId, EventType type, Instant occurredAt, String data) {
    Actor actor = Actor.current();
    String requestId = RequestIds.current();
    return handle
        .createUpdate(sql)
        .bind("leadId", leadId)
        .bind("type", type.name())
        .bind("occurredAt", occurredAt)
        .bind("data", data)
        .bind("actorType", actor.type())
        .bind("actorId", actor.id())
        .bind(
            "requestId",
            requestId == null || requestId.length() <= 128
                ? requestId
                : requestId.substring(0, 128));
  }
}

package io.followup.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;

/**
 * The one clock of {@code leads.updated_at} and of a new lead's {@code created_at}, so that the
 * list's keyset ({@code updatedSince}, {@code createdSince}, {@code nextToken}) sees leads in the
 * order they commit. A lead's write stamps them as its transaction's last statement: it locks the
 * one row of {@code lead_clock} (V22), takes its time or, when that is not later than the last
 * stamp, 1 µs past it, and keeps the lock until its commit. The next writer waits for that commit
 * before it stamps, so a later timestamp is never visible before an earlier one: a reader that read
 * a lead at T has every lead stamped before T already visible. The lock is held for the stamp and
 * the commit only; the writes before it (the Temporal call of a PATCH included) run concurrently.
 *
 * <p>Call it last: anything after it in the transaction holds every lead write of the system.
 */
public final class LeadClock {
  private LeadClock() {}

  private static final String LOCK = "SELECT at FROM lead_clock WHERE id = 1 FOR UPDATE";
  private static final String ADVANCE = "UPDATE lead_clock SET at = :at WHERE id = 1";
  private static final String STAMP = "UPDATE leads SET updated_at = :at WHERE id = :id";
  private static final String STAMP_CREATED =
      "UPDATE leads SET created_at = :at, updated_at = :at WHERE id = :id";

  /**
   * Stamps the lead's {@code updated_at}, as the transaction's last statement.
   *
   * @return the stamp
   */
  public static Instant stamp(Handle handle, String leadId, Instant now) {
    Instant at = next(handle, now);
    handle.createUpdate(STAMP).bind("at", at).bind("id", leadId).execute();
    return at;
  }

  /**
   * Stamps a new lead's {@code created_at} and {@code updated_at}, as the transaction's last
   * statement: a create holds its transaction across the workflow's start, so its time taken before
   * would let a later create become visible first.
   *
   * @return the stamp
   */
  public static Instant stampCreated(Handle handle, String leadId, Instant now) {
    Instant at = next(handle, now);
    handle.createUpdate(STAMP_CREATED).bind("at", at).bind("id", leadId).execute();
    return at;
  }

  private static Instant next(Handle handle, Instant now) {
    Instant last = handle.createQuery(LOCK).mapTo(Instant.class).one();
    // to the column's microseconds as the database rounds a bound instant: a write's other times
    // (its event's, deletedAt) stored from the same instant equal the stamp
    Instant at = now.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    if (!at.isAfter(last)) {
      at = last.plus(1, ChronoUnit.MICROS);
    }
    handle.createUpdate(ADVANCE).bind("at", at).execute();
    return at;
  }
}

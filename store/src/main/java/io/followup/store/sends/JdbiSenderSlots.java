package io.followup.store.sends;

import io.followup.domain.sends.SenderPace;
import io.followup.domain.sends.SenderSlots;
import io.followup.store.Sql;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The senders' slots in {@code sender_pace} and {@code sender_slots} (V20). A reservation locks the
 * sender's row, so every worker of the fleet takes slots in one order: the slot is the later of the
 * instant asked and the sender's next free slot, moved to the next UTC day while the day's cap is
 * full; the next free slot then moves one spacing on. Slots are only taken for sends that may go
 * now (the workflow asks again when a window or a pause lets it), so the slots of a sender follow
 * each other in time and its next free slot is all that must be kept. Slots older than two days are
 * deleted as new ones are taken.
 */
public final class JdbiSenderSlots implements SenderSlots {
  /** A slot this much older than the send's question is stale (the send was held since). */
  static final Duration STALE = Duration.ofMinutes(1);

  private static final Duration KEEP = Duration.ofDays(2);

  private final Jdbi jdbi;

  public JdbiSenderSlots(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Instant reserve(SenderPace pace, String sendKey, Instant at) {
    if (!pace.limits()) {
      return at;
    }
    try {
      return jdbi.inTransaction(handle -> reserve(handle, pace, sendKey, at));
    } catch (RuntimeException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      // the sender's first row, inserted by another worker at the same moment: locked now
      return jdbi.inTransaction(handle -> reserve(handle, pace, sendKey, at));
    }
  }

  @Override
  public Optional<Instant> nextFree(String sender) {
    return jdbi.withHandle(handle -> nextFree(handle, sender));
  }

  /** {@link #nextFree(String)} in the caller's handle. */
  public static Optional<Instant> nextFree(Handle handle, String sender) {
    return handle
        .createQuery("SELECT next_at FROM sender_pace WHERE sender = :sender")
        .bind("sender", sender)
        .map((rs, ctx) -> rs.getTimestamp(1).toInstant())
        .findOne();
  }

  private static Instant reserve(Handle handle, SenderPace pace, String sendKey, Instant at) {
    Optional<Instant> held =
        handle
            .createQuery("SELECT slot_at FROM sender_slots WHERE send_key = :key")
            .bind("key", sendKey)
            .map((rs, ctx) -> rs.getTimestamp(1).toInstant())
            .findOne();
    if (held.isPresent() && !held.get().isBefore(at.minus(STALE))) {
      return held.get().isAfter(at) ? held.get() : at;
    }
    Instant next = lockSender(handle, pace.sender(), at);
    Instant slot = next.isAfter(at) ? next : at;
    if (pace.perDay() > 0) {
      while (countOnDay(handle, pace.sender(), slot) >= pace.perDay()) {
        slot = dayOf(slot).plus(1, ChronoUnit.DAYS);
      }
    }
    handle
        .createUpdate("UPDATE sender_pace SET next_at = :next WHERE sender = :sender")
        .bind("next", slot.plus(pace.spacing()))
        .bind("sender", pace.sender())
        .execute();
    handle
        .createUpdate("DELETE FROM sender_slots WHERE send_key = :key")
        .bind("key", sendKey)
        .execute();
    handle
        .createUpdate(
            "INSERT INTO sender_slots (send_key, sender, slot_at) VALUES (:key, :sender, :slot)")
        .bind("key", sendKey)
        .bind("sender", pace.sender())
        .bind("slot", slot)
        .execute();
    handle
        .createUpdate("DELETE FROM sender_slots WHERE sender = :sender AND slot_at < :before")
        .bind("sender", pace.sender())
        .bind("before", at.minus(KEEP))
        .execute();
    return slot;
  }

  /** The sender's row, locked (made at {@code at} the first time); its next free slot. */
  private static Instant lockSender(Handle handle, String sender, Instant at) {
    Optional<Instant> next =
        handle
            .createQuery("SELECT next_at FROM sender_pace WHERE sender = :sender FOR UPDATE")
            .bind("sender", sender)
            .map((rs, ctx) -> rs.getTimestamp(1).toInstant())
            .findOne();
    if (next.isPresent()) {
      return next.get();
    }
    handle
        .createUpdate("INSERT INTO sender_pace (sender, next_at) VALUES (:sender, :at)")
        .bind("sender", sender)
        .bind("at", at)
        .execute();
    return at;
  }

  private static int countOnDay(Handle handle, String sender, Instant slot) {
    Instant day = dayOf(slot);
    return handle
        .createQuery(
            "SELECT COUNT(*) FROM sender_slots WHERE sender = :sender AND slot_at >= :from"
                + " AND slot_at < :to")
        .bind("sender", sender)
        .bind("from", day)
        .bind("to", day.plus(1, ChronoUnit.DAYS))
        .mapTo(Integer.class)
        .one();
  }

  private static Instant dayOf(Instant at) {
    return at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
  }
}

package io.followup.compliance;

import io.followup.workflows.activities.SendSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a due send goes after the send rules, by a stable per-lead offset: a send the rules moved
 * to a window's opening goes {@code offset(lead) mod windowOpen} after it (so a zone's 08:00 is not
 * one instant for every lead deferred overnight), and a send on a paused channel waits for the
 * lead's next check, which comes round once every {@code resume} at the lead's own phase (so the
 * held sends are re-asked, and after a resume go, spread evenly over {@code resume}). Pure: the
 * worker's local activity and the API's schedule preview place sends with it alike.
 *
 * @param windowOpen {@code WINDOW_OPEN_SPREAD_MINUTES}; zero: every deferred send at the opening
 * @param resume {@code RESUME_SPREAD_MINUTES}, above zero
 */
public record SendSpread(Duration windowOpen, Duration resume) {
  /** The defaults: 15 minutes each. */
  public static final SendSpread DEFAULTS =
      new SendSpread(Duration.ofMinutes(15), Duration.ofMinutes(15));

  /** No spread at a window's opening (tests that place a send at the opening exactly). */
  public static final SendSpread NONE = new SendSpread(Duration.ZERO, Duration.ofMinutes(15));

  public SendSpread {
    Objects.requireNonNull(windowOpen, "windowOpen");
    Objects.requireNonNull(resume, "resume");
    if (windowOpen.isNegative() || resume.isZero() || resume.isNegative()) {
      throw new IllegalArgumentException("windowOpen >= 0 and resume > 0: " + windowOpen + resume);
    }
  }

  /**
   * The rules' answer for a send asked at {@code asked}, spread at a window's opening, then held
   * when its channel is paused.
   *
   * @param paused whether the operators' send switch holds the send's channel
   */
  public SendSlot place(String leadId, SendSlot slot, Instant asked, boolean paused) {
    SendSlot placed = slot;
    if (slot.at() != null && SendSlot.isWindowRule(slot.rule()) && !windowOpen.isZero()) {
      placed = slot.movedTo(slot.at().plusMillis(offsetMillis(leadId, windowOpen)), slot.rule());
    }
    if (paused) {
      Instant check = nextCheck(leadId, asked);
      if (placed.at() == null || placed.at().isBefore(check)) {
        return placed.movedTo(check, SendSlot.PAUSED);
      }
    }
    return placed;
  }

  /** The lead's first check strictly after {@code after}: every {@code resume}, at its phase. */
  public Instant nextCheck(String leadId, Instant after) {
    long period = resume.toMillis();
    long phase = offsetMillis(leadId, resume);
    long since = Math.floorMod(after.toEpochMilli() - phase, period);
    return after.plusMillis(period - since);
  }

  /** A stable offset of the lead in {@code [0, period)}, the same in every JVM. */
  static long offsetMillis(String leadId, Duration period) {
    long millis = period.toMillis();
    if (millis <= 0) {
      return 0;
    }
    // String.hashCode is fixed by the language; the mix spreads ids that differ in one character
    long h = leadId.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return Math.floorMod(h, millis);
  }
}

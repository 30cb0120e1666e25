package io.followup.domain.sends;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast one sender (a text number, an email address) may send: one send every {@code spacing} at
 * most (so never more than {@code 1 / spacing} in any window of that length), and at most {@code
 * perDay} in a UTC day.
 *
 * @param sender who sends: {@code text:+15550001234}, {@code email:sales@example.com}
 * @param spacing zero: no rate
 * @param perDay 0: no daily cap
 */
public record SenderPace(String sender, Duration spacing, int perDay) {
  public SenderPace {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(spacing, "spacing");
    if (spacing.isNegative() || perDay < 0) {
      throw new IllegalArgumentException("spacing and perDay must not be negative");
    }
  }

  /** At most {@code perSecond} sends a second (spaced evenly). */
  public static SenderPace perSecond(String sender, double perSecond) {
    return new SenderPace(sender, spacingOf(Duration.ofSeconds(1), perSecond), 0);
  }

  /** At most {@code perHour} sends an hour (spaced evenly; 0: none) and {@code perDay} a day. */
  public static SenderPace perHourAndDay(String sender, int perHour, int perDay) {
    return new SenderPace(sender, spacingOf(Duration.ofHours(1), perHour), perDay);
  }

  public boolean limits() {
    return !spacing.isZero() || perDay > 0;
  }

  private static Duration spacingOf(Duration window, double count) {
    return count > 0 ? Duration.ofNanos((long) Math.ceil(window.toNanos() / count)) : Duration.ZERO;
  }
}

package io.followup.app.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall clock plus an offset the test moves forward: time still passes as it does, and {@link
 * #advance} jumps it (an application on it stamps and compares as if that time had passed).
 */
public final class TestClock extends Clock {
  private final AtomicLong offsetNanos;
  private final ZoneId zone;

  public TestClock() {
    this(new AtomicLong(), ZoneOffset.UTC);
  }

  private TestClock(AtomicLong offsetNanos, ZoneId zone) {
    this.offsetNanos = offsetNanos;
    this.zone = zone;
  }

  /** Moves this clock (and every copy of it in another zone) forward by {@code by}. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time moves forward only: " + by);
    }
    offsetNanos.addAndGet(by.toNanos());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusNanos(offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(offsetNanos, zone);
  }
}

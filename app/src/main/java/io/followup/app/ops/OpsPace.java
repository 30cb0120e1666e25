package io.followup.app.ops;

import java.util.concurrent.TimeUnit;

/**
 * At most {@code perSecond} calls to Temporal: each {@link #acquire} waits for its slot. An
 * operator's pass over every lead must not crowd out the API's and the workers' own calls.
 */
public final class OpsPace {
  private final long intervalNanos;
  private long next;

  /**
   * @param perSecond calls per second; 0 or less: no limit (the embedded run's own recovery)
   */
  public OpsPace(double perSecond) {
    this.intervalNanos = perSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / perSecond) : 0;
    this.next = System.nanoTime();
  }

  public static OpsPace unlimited() {
    return new OpsPace(0);
  }

  /** Waits until the next call may go. */
  public synchronized void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long now = System.nanoTime();
    if (next > now) {
      TimeUnit.NANOSECONDS.sleep(next - now);
      now = next;
    }
    // no credit for idle time: a pause never buys a burst afterwards
    next = Math.max(next, now) + intervalNanos;
  }
}

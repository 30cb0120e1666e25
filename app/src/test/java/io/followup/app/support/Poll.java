package io.followup.app.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for something the embedded service does in real time (the API tests run the in-memory
 * Temporal service at wall-clock speed, as the product does). Bounded; fails with the last value.
 */
public final class Poll {
  private Poll() {}

  public static <T> T until(
      Duration limit, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + limit.toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + limit + "; last value: " + value);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = probe.get();
    }
    return value;
  }
}

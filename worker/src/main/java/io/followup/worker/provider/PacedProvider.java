package io.followup.worker.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A provider whose hand-overs in this process are at least {@code spacing} apart: the last guard of
 * a sender's pace ({@code TEXT_MAX_PER_SECOND_PER_NUMBER}). The fleet-wide slots the workflow takes
 * ({@code SENDER_CAP}) space the sends already; timers and workers can still bunch a few together,
 * and this makes the provider see at most {@code 1 / spacing} a second from this process whatever
 * the jitter. A caller waits its turn (a fraction of a second when the slots did their part).
 */
public final class PacedProvider implements ChannelProvider {
  private final ChannelProvider provider;
  private final long spacingNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock line = new ReentrantLock(true);
  private long last = Long.MIN_VALUE; // guarded by line

  public PacedProvider(ChannelProvider provider, Duration spacing) {
    this(provider, spacing, System::nanoTime);
  }

  PacedProvider(ChannelProvider provider, Duration spacing, LongSupplier nanoTime) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.spacingNanos = spacing.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    awaitTurn();
    return provider.deliver(delivery);
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery, SendProgress progress) {
    awaitTurn();
    return provider.deliver(delivery, progress);
  }

  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    return provider.lookup(idempotencyKey);
  }

  @Override
  public boolean confirmsDeliveries() {
    return provider.confirmsDeliveries();
  }

  @Override
  public Lookup lookup(
      String idempotencyKey,
      Delivery delivery,
      java.time.Instant claimedAt,
      SendProgress progress) {
    return provider.lookup(idempotencyKey, delivery, claimedAt, progress);
  }

  /**
   * Waits, in line (first come, first served), until {@code spacing} has passed since the last
   * hand-over left, then notes this one's time. The time noted is the real release, not a turn
   * worked out in advance: a caller that wakes late never brings the next one closer to it.
   */
  private void awaitTurn() {
    try {
      line.lockInterruptibly();
    } catch (InterruptedException e) {
      throw interrupted();
    }
    try {
      long wait;
      while (last != Long.MIN_VALUE && (wait = last + spacingNanos - nanoTime.getAsLong()) > 0) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw interrupted();
        }
      }
      last = nanoTime.getAsLong();
    } finally {
      line.unlock();
    }
  }

  private static ProviderException interrupted() {
    Thread.currentThread().interrupt();
    // nothing was handed over: the claim is released and the retry sends
    return ProviderException.notSent("interrupted while waiting for the sender's pace", null);
  }
}

package io.followup.worker.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
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
  private long next = Long.MIN_VALUE;

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

  /** Takes the next turn, then sleeps until it comes. */
  private void awaitTurn() {
    long turn;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      turn = next == Long.MIN_VALUE || next - now < 0 ? now : next;
      next = turn + spacingNanos;
    }
    long wait;
    while ((wait = turn - nanoTime.getAsLong()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        // nothing was handed over: the claim is released and the retry sends
        throw ProviderException.notSent("interrupted while waiting for the sender's pace", null);
      }
    }
  }
}

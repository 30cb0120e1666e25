package io.followup.worker.support;

import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.model.Channel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose failures a test scripts. Counts attempts and hand-overs (sends it accepted), and
 * remembers accepted keys so {@link #lookup} finds them.
 */
public final class ScriptedProvider implements ChannelProvider {
  public enum Mode {
    /** Accepts every send. */
    ACCEPT,
    /** Accepts the first send, then throws a transient error as if the worker died after it. */
    DIE_AFTER_FIRST_HAND_OVER,
    /** Rejects every send permanently (invalid number). */
    REJECT,
    /** Is down: every attempt fails transiently, nothing is accepted. */
    DOWN
  }

  private final Mode mode;
  private final boolean confirms;
  private final boolean answered;
  private final Map<String, ProviderReceipt> accepted = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  public final List<Delivery> handedOver = new CopyOnWriteArrayList<>();

  public ScriptedProvider(Mode mode) {
    this(mode, true, true);
  }

  public ScriptedProvider(Mode mode, boolean confirmsDeliveries, boolean callsAnswered) {
    this.mode = mode;
    this.confirms = confirmsDeliveries;
    this.answered = callsAnswered;
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    int attempt = attempts.incrementAndGet();
    switch (mode) {
      case REJECT -> throw ProviderException.permanent("invalid number");
      case DOWN -> throw ProviderException.temporary("provider unavailable");
      default -> {}
    }
    ProviderReceipt receipt =
        delivery.channel() == Channel.CALL
            ? ProviderReceipt.call("p-" + attempt, answered)
            : ProviderReceipt.sent("p-" + attempt);
    handedOver.add(delivery);
    accepted.put(delivery.idempotencyKey(), receipt);
    if (mode == Mode.DIE_AFTER_FIRST_HAND_OVER && attempt == 1) {
      throw ProviderException.temporary("connection reset after the send was accepted");
    }
    return receipt;
  }

  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    lookups.incrementAndGet();
    return confirms ? Optional.ofNullable(accepted.get(idempotencyKey)) : Optional.empty();
  }

  @Override
  public boolean confirmsDeliveries() {
    return confirms;
  }

  public int attempts() {
    return attempts.get();
  }

  public int handOvers() {
    return handedOver.size();
  }

  public int lookups() {
    return lookups.get();
  }
}

package io.followup.worker.provider;

import io.followup.workflows.model.Channel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default provider for local runs: logs what would be sent, to whom and under which key, and
 * sends nothing. Remembers keys, so a repeated key returns its first receipt and logs nothing.
 */
public final class LoggingProvider implements ChannelProvider {
  private static final Logger log = LoggerFactory.getLogger(LoggingProvider.class);

  private final boolean callsAnswered;
  private final ConcurrentMap<String, ProviderReceipt> receipts = new ConcurrentHashMap<>();

  /** Calls are answered. */
  public LoggingProvider() {
    this(true);
  }

  /**
   * @param callsAnswered the outcome of every call placed (false lets voicemails follow)
   */
  public LoggingProvider(boolean callsAnswered) {
    this.callsAnswered = callsAnswered;
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    return receipts.computeIfAbsent(delivery.idempotencyKey(), key -> log(delivery));
  }

  private ProviderReceipt log(Delivery d) {
    String id = "log-" + UUID.randomUUID();
    if (d.channel() == Channel.CALL) {
      log.info(
          "[{}] call to {} key {} {}: {}",
          id,
          d.to(),
          d.idempotencyKey(),
          callsAnswered ? "answered" : "not answered",
          d.body());
      return ProviderReceipt.call(id, callsAnswered);
    }
    if (d.channel() == Channel.EMAIL) {
      log.info(
          "[{}] email to {} key {} subject '{}': {}",
          id,
          d.to(),
          d.idempotencyKey(),
          d.subject(),
          d.body());
    } else {
      log.info(
          "[{}] {} to {} key {}: {}",
          id,
          d.channel().wireName(),
          d.to(),
          d.idempotencyKey(),
          d.body());
    }
    return ProviderReceipt.sent(id);
  }

  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    return Optional.ofNullable(receipts.get(idempotencyKey));
  }

  /** Sends logged so far (one per key). */
  public int sendCount() {
    return receipts.size();
  }
}

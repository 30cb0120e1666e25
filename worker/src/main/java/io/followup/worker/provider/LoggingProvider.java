package io.followup.worker.provider;

import io.followup.workflows.model.Channel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default provider for local runs: records each send in the log and sends nothing. At INFO only
 * the key (which starts with the lead id), the channel and the outcome; the recipient, subject and
 * body only at DEBUG (no personal data in logs above DEBUG). Within one process a repeated key
 * returns its first receipt and logs nothing.
 *
 * <p>Its receipts live in memory and are gone after a restart, so it cannot answer "did key K go
 * out?" for an attempt that died before the restart: {@link #confirmsDeliveries()} is false, and
 * such a send is recorded UNCONFIRMED, never sent again.
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
    boolean call = d.channel() == Channel.CALL;
    String outcome = !call ? "handed over" : callsAnswered ? "answered" : "not answered";
    log.info(
        "[{}] {} key {} {} (logged, not sent)",
        id,
        d.channel().wireName(),
        d.idempotencyKey(),
        outcome);
    if (log.isDebugEnabled()) {
      log.debug(
          "[{}] {} to {}{}: {}",
          id,
          d.channel().wireName(),
          d.to(),
          d.subject() == null ? "" : " subject '" + d.subject() + "'",
          d.body());
    }
    return call ? ProviderReceipt.call(id, callsAnswered) : ProviderReceipt.sent(id);
  }

  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    return Optional.ofNullable(receipts.get(idempotencyKey));
  }

  /** Its receipts do not survive a restart: an empty lookup proves nothing. */
  @Override
  public boolean confirmsDeliveries() {
    return false;
  }

  /** Sends logged so far (one per key). */
  public int sendCount() {
    return receipts.size();
  }
}

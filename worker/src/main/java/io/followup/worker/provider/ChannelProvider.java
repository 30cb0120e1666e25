package io.followup.worker.provider;

import java.time.Instant;
import java.util.Optional;

/** Hands sends to the outside world: an SMS or voice API, an SMTP server, or a log. */
public interface ChannelProvider {

  /**
   * Sends, or for a call places it and reports whether it was answered.
   *
   * @throws ProviderException when the provider did not take the send
   */
  ProviderReceipt deliver(Delivery delivery);

  /**
   * {@link #deliver(Delivery)} for a send that takes long enough to keep its progress (a call):
   * {@code progress} is saved as it goes. Providers whose sends are one request ignore it.
   */
  default ProviderReceipt deliver(Delivery delivery, SendProgress progress) {
    return deliver(delivery);
  }

  /**
   * What the provider knows of an earlier send under {@code idempotencyKey}: lets a retried attempt
   * learn that a previous one already handed the send over. Empty when the provider never took it.
   *
   * @throws ProviderException (transient) when the provider cannot be asked right now
   */
  Optional<ProviderReceipt> lookup(String idempotencyKey);

  /**
   * Whether an empty {@link #lookup} proves the send never reached the provider. A provider that
   * cannot tell (plain SMTP) returns false: a send whose earlier attempt died mid-send is then
   * recorded UNCONFIRMED rather than risk sending it twice.
   */
  default boolean confirmsDeliveries() {
    return true;
  }

  /**
   * Whether an attempt that claimed {@code idempotencyKey} at {@code claimedAt} and died handed the
   * send over. The default asks {@link #lookup(String)} by key and {@link #confirmsDeliveries()}; a
   * provider that takes no idempotency key (Twilio) searches its own records by recipient, time and
   * content instead, and resumes a send still in progress (a call) from {@code progress}.
   *
   * @param delivery what the send would hand over now; null when it cannot be rebuilt (the lead is
   *     gone), and then only a lookup by key can answer
   * @throws ProviderException (transient) when the provider cannot be asked right now
   */
  default Lookup lookup(
      String idempotencyKey, Delivery delivery, Instant claimedAt, SendProgress progress) {
    Optional<ProviderReceipt> receipt = lookup(idempotencyKey);
    if (receipt.isPresent()) {
      return Lookup.found(receipt.get());
    }
    return confirmsDeliveries()
        ? Lookup.notSent()
        : Lookup.unknown("the provider cannot tell whether the send went out");
  }
}

package io.followup.worker.provider;

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
}

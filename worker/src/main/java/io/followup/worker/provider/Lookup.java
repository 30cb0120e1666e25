package io.followup.worker.provider;

import java.util.Objects;

/**
 * What a provider knows of a send an earlier attempt may have handed over before it died.
 *
 * @param receipt the send as the provider has it; null when not found
 * @param conclusive true when {@code receipt == null} proves the send never reached the provider
 * @param detail why the answer is not conclusive; null otherwise
 */
public record Lookup(ProviderReceipt receipt, boolean conclusive, String detail) {

  public static Lookup found(ProviderReceipt receipt) {
    return new Lookup(Objects.requireNonNull(receipt, "receipt"), true, null);
  }

  /** The provider never took the send: it may be sent now. */
  public static Lookup notSent() {
    return new Lookup(null, true, null);
  }

  /** The provider cannot tell: the send is recorded UNCONFIRMED and never resent. */
  public static Lookup unknown(String why) {
    return new Lookup(null, false, why);
  }

  public boolean found() {
    return receipt != null;
  }
}

package io.followup.domain.ledger;

/**
 * What {@link DeliveryLedger#claim} found.
 *
 * @param entry the entry under the key, new or existing
 * @param fresh this claim created the entry: no earlier attempt of this send exists
 */
public record Claim(LedgerEntry entry, boolean fresh) {

  /** The send already has its result: return it, never send again. */
  public boolean completed() {
    return !entry.pending();
  }

  /**
   * An earlier attempt claimed the key and never completed it: it may have handed the send to the
   * provider before dying, so the provider must be asked before sending.
   */
  public boolean resumed() {
    return !fresh && entry.pending();
  }

  public RecordedSend result() {
    return entry.result();
  }
}

package io.followup.domain.ledger;

import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of every send, keyed by idempotency key: what makes each send happen at most
 * once across activity retries, and the source of a lead's follow-up events.
 *
 * <p>Shaped for SQL: {@link #claim} is {@code INSERT ... ON CONFLICT (idempotency_key) DO NOTHING}
 * followed, when nothing was inserted, by a {@code SELECT} of the existing row; {@link #complete}
 * is {@code UPDATE ... WHERE idempotency_key = ? AND status = 'PENDING'} followed by a {@code
 * SELECT} of what is recorded.
 */
public interface DeliveryLedger {

  /** Records the send as PENDING unless the key is known; either way returns the entry under it. */
  Claim claim(String idempotencyKey, String leadId, int followUpStep, Channel channel);

  /**
   * Records the result of a claimed send. The first completion wins: a key already completed keeps
   * its result, and that recorded result is returned.
   *
   * @throws IllegalStateException when the key was never claimed
   */
  RecordedSend complete(String idempotencyKey, RecordedSend result);

  /**
   * Forgets a PENDING claim whose send the provider certainly did not take, so that a retried
   * attempt claims the key afresh and sends. A completed entry stays as it is.
   *
   * @return whether a pending claim was removed
   */
  boolean release(String idempotencyKey);

  Optional<LedgerEntry> find(String idempotencyKey);

  /** The lead's sends, oldest claim first. */
  List<LedgerEntry> listByLead(String leadId);

  /**
   * Records a send the workflow held back (the daily cap) as the lead's {@code COMPLIANCE_BLOCKED}
   * event: {@code data} holds {@code reason}, {@code followUpStep}, {@code channel}, {@code
   * deferredUntil}, {@code idempotencyKey}, {@code sendsInLastDay} and {@code cap}. Not a send: it
   * claims no key. At least once (a retried activity may record it twice).
   */
  void recordDeferral(SendDeferral deferral);
}

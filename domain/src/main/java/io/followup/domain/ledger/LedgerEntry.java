package io.followup.domain.ledger;

import io.followup.workflows.model.Channel;
import java.time.Instant;

/**
 * One send, keyed by its idempotency key. PENDING (no result) from the claim until the send
 * completes; then it holds the result every later attempt returns.
 *
 * @param result null while pending
 * @param completedAt null while pending
 */
public record LedgerEntry(
    String idempotencyKey,
    String leadId,
    int followUpStep,
    Channel channel,
    Instant claimedAt,
    RecordedSend result,
    Instant completedAt) {

  public boolean pending() {
    return result == null;
  }

  LedgerEntry complete(RecordedSend value, Instant at) {
    return new LedgerEntry(idempotencyKey, leadId, followUpStep, channel, claimedAt, value, at);
  }
}

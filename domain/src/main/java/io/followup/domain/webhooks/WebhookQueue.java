package io.followup.domain.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outbox the dispatcher delivers from (store's {@code JdbiWebhookQueue}). Rows are PENDING
 * until {@link #delivered} or {@link #dead}: a process that dies between a claim and its outcome
 * leaves the row to the next claim after the lease. Every outcome records its attempt in the
 * delivery log.
 */
public interface WebhookQueue {
  /**
   * Leases up to {@code limit} rows for {@code url} that are due at {@code now}, not leased by
   * anyone else and the oldest pending row of their lead for that URL (a lead's events reach a
   * receiver in order), oldest first.
   *
   * @param owner a token unique to this claim; the outcome calls name it
   */
  List<PendingWebhook> claim(String url, int limit, Instant now, Instant leaseUntil, String owner);

  /**
   * The receiver took it: DELIVERED, never tried again unless replayed. Only while {@code owner}
   * still holds the row: a dispatcher whose lease lapsed and was taken over changes nothing (the
   * new owner delivers it again, under the same event id).
   */
  void delivered(long id, String owner, WebhookAttempt attempt);

  /** The attempt failed: tried again at {@code nextAttemptAt}, the lease released. */
  void retry(long id, String owner, Instant nextAttemptAt, WebhookAttempt attempt);

  /** Failing past the retry period: FAILED, kept for inspection and replay, not tried again. */
  void dead(long id, String owner, WebhookAttempt attempt);

  /**
   * Deletes up to {@code limit} delivered or failed rows (and their attempts) whose event is older
   * than {@code before}; pending rows stay.
   *
   * @return the rows deleted
   */
  default int sweep(Instant before, int limit) {
    return 0;
  }

  /** The rows not yet delivered nor dead, counted by URL. */
  default Map<String, Long> pendingByUrl() {
    return Map.of();
  }
}

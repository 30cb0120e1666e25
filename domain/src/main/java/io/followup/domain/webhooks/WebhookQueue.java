package io.followup.domain.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outbox the dispatcher delivers from (store's {@code JdbiWebhookQueue}). Rows stay until
 * {@link #delivered}: a process that dies between a claim and its outcome leaves the row to the
 * next claim after the lease.
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

  /** The receiver took it: the row is gone. */
  void delivered(long id);

  /** The attempt failed: tried again at {@code nextAttemptAt}, the lease released. */
  void retry(long id, String owner, Instant nextAttemptAt, String error);

  /** Failing past the retry period: kept for inspection, never tried again. */
  void dead(long id, String owner, Instant at, String error);

  /** The rows not yet delivered nor dead, counted by URL. */
  default Map<String, Long> pendingByUrl() {
    return Map.of();
  }
}

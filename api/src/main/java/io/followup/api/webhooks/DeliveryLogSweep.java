package io.followup.api.webhooks;

import io.followup.domain.webhooks.WebhookQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the delivery log to {@code WEBHOOK_RETENTION_DAYS}: deletes delivered and failed deliveries
 * (with their attempts) whose event is older, a batch at a time so no statement holds many rows;
 * pending ones stay (the retry period is shorter than the retention, so none is that old unless
 * replayed). Run every {@link #EVERY} by the process that dispatches.
 */
public final class DeliveryLogSweep implements Runnable {
  /** How often the sweep runs. */
  public static final Duration EVERY = Duration.ofHours(1);

  static final int BATCH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(DeliveryLogSweep.class);

  private final WebhookQueue queue;
  private final Duration retention;
  private final Clock clock;

  public DeliveryLogSweep(WebhookQueue queue, Duration retention, Clock clock) {
    this.queue = queue;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      log.info("webhook delivery log: {} deliveries past {} deleted", sweep(), retention);
    } catch (RuntimeException e) {
      // the database is away, say: the next run tries again
      log.warn("webhook delivery log: cannot sweep: {}", e.toString());
    }
  }

  /** Deletes every delivered or failed delivery older than the retention; returns how many. */
  public long sweep() {
    Instant before = clock.instant().minus(retention);
    long deleted = 0;
    int batch;
    do {
      batch = queue.sweep(before, BATCH);
      deleted += batch;
    } while (batch == BATCH);
    return deleted;
  }
}

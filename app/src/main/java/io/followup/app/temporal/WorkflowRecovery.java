package io.followup.app.temporal;

import io.dropwizard.lifecycle.Managed;
import io.followup.store.Sql;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-creates every stored lead's workflow on the in-memory Temporal service (at start, and after
 * each replacement of that service). A pass that could not re-create them all (the database
 * unreachable for a moment, one lead's projection unreadable) is tried again in the background
 * until one completes: a lead without a workflow would silently never be followed up. A pass is
 * safe to repeat: a lead whose workflow runs already is left alone.
 */
public final class WorkflowRecovery implements Managed {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRecovery.class);

  private final ToIntFunction<WorkflowClient> recreate;
  private final Supplier<WorkflowClient> client;
  private final boolean atStart;
  private final Duration retryEvery;
  private final AtomicBoolean retryScheduled = new AtomicBoolean();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "workflow-recovery");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param recreate one pass over the store; throws when a lead's workflow could not be re-created
   * @param atStart whether {@link #start} runs a pass (the embedded run; the API tests' in-memory
   *     service starts empty with an empty database)
   */
  public WorkflowRecovery(
      ToIntFunction<WorkflowClient> recreate,
      Supplier<WorkflowClient> client,
      boolean atStart,
      Duration retryEvery) {
    this.recreate = recreate;
    this.client = client;
    this.atStart = atStart;
    this.retryEvery = retryEvery;
  }

  @Override
  public void start() {
    if (atStart) {
      int started = recoverNow();
      log.info("re-created {} lead workflows from the stored projections", started);
    }
  }

  @Override
  public void stop() {
    retries.shutdownNow();
  }

  /**
   * One pass now.
   *
   * @return the workflows it started; when it was incomplete, another pass is scheduled
   */
  public int recoverNow() {
    try {
      return recreate.applyAsInt(client.get());
    } catch (RuntimeException e) {
      log.error(
          "re-creating the lead workflows was incomplete ({}); trying again in {} s",
          e instanceof IncompleteRecovery ? e.getMessage() : Sql.describe(e),
          retryEvery.toSeconds());
      if (retryScheduled.compareAndSet(false, true)) {
        retries.schedule(this::retry, retryEvery.toMillis(), TimeUnit.MILLISECONDS);
      }
      return e instanceof IncompleteRecovery incomplete ? incomplete.started() : 0;
    }
  }

  private void retry() {
    retryScheduled.set(false);
    int started = recoverNow();
    if (!retryScheduled.get()) {
      log.info("re-created the lead workflows: {} started by the retry", started);
    }
  }

  /** A pass that went through every lead but could not re-create some of their workflows. */
  public static final class IncompleteRecovery extends RuntimeException {
    private final int started;

    public IncompleteRecovery(int started, int failed) {
      super(failed + " lead workflows could not be re-created (" + started + " were)");
      this.started = started;
    }

    public int started() {
      return started;
    }
  }
}

package io.followup.app.temporal;

import io.dropwizard.lifecycle.Managed;
import io.followup.store.Sql;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
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
 *
 * <p>The pass at start runs in the background, a page of leads at a time: the API answers reads and
 * writes from the first second (a change to a lead not re-created yet starts its workflow from the
 * stored projection itself, update-with-start), and a re-created lead's due step is sent without
 * waiting for the others. Before, the start waited for the whole pass: 5 minutes of no answer at
 * 10,000 leads on the shared machine (docs/SCALING.md). Past {@code ceiling} stored leads the start
 * warns: the embedded run is not made for more (the compose stack is).
 */
public final class WorkflowRecovery implements Managed {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRecovery.class);

  private final ToIntFunction<WorkflowClient> recreate;
  private final Supplier<WorkflowClient> client;
  private final boolean atStart;
  private final Duration retryEvery;
  private final LongSupplier storedLeads;
  private final long ceiling;
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
    this(recreate, client, atStart, retryEvery, () -> 0, Long.MAX_VALUE);
  }

  /**
   * @param storedLeads how many leads the store holds (read once, at start)
   * @param ceiling past this many stored leads the start warns ({@code EMBEDDED_MAX_LEADS})
   */
  public WorkflowRecovery(
      ToIntFunction<WorkflowClient> recreate,
      Supplier<WorkflowClient> client,
      boolean atStart,
      Duration retryEvery,
      LongSupplier storedLeads,
      long ceiling) {
    this.recreate = recreate;
    this.client = client;
    this.atStart = atStart;
    this.retryEvery = retryEvery;
    this.storedLeads = storedLeads;
    this.ceiling = ceiling;
  }

  /** Returns at once: the pass runs on its own thread (the class comment). */
  @Override
  public void start() {
    if (!atStart) {
      return;
    }
    long stored = storedLeads.getAsLong();
    ceilingWarning(stored, ceiling).ifPresent(log::warn);
    log.info("re-creating the workflows of {} stored leads in the background", stored);
    retries.execute(
        () -> {
          long began = System.nanoTime();
          int started = recoverNow();
          log.info(
              "re-created {} lead workflows from the stored projections in {} ms{}",
              started,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
              retryScheduled.get() ? " (incomplete: a retry follows)" : "");
        });
  }

  /** The start's warning when {@code stored} leads are past {@code ceiling}; else none. */
  static Optional<String> ceilingWarning(long stored, long ceiling) {
    if (stored <= ceiling) {
      return Optional.empty();
    }
    return Optional.of(
        "the store holds "
            + stored
            + " leads, past the "
            + ceiling
            + " the embedded run is made for (EMBEDDED_MAX_LEADS): every start and every"
            + " replacement of the in-memory Temporal service re-creates each lead's workflow and"
            + " its heap grows with them; past it run the compose stack (README, docs/SCALING.md)");
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
      if (retries.isShutdown()) {
        log.info("re-creating the lead workflows stopped: the process is stopping");
        return 0;
      }
      log.error(
          "re-creating the lead workflows was incomplete ({}); trying again in {} s",
          e instanceof IncompleteRecovery ? e.getMessage() : Sql.describe(e),
          retryEvery.toSeconds());
      if (retryScheduled.compareAndSet(false, true)) {
        try {
          retries.schedule(this::retry, retryEvery.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
          retryScheduled.set(false);
        }
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

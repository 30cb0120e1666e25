package io.followup.app.temporal;

import com.codahale.metrics.Gauge;
import com.uber.m3.tally.Scope;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.http.RequestAdmission;
import io.followup.app.config.TemporalFactory;
import io.followup.app.config.TemporalFactory.Connection;
import io.temporal.client.WorkflowClient;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the heap of the in-memory Temporal service (embedded run). That service keeps every
 * history it ever had; once a second this compares its {@linkplain HistoryMeter estimated} retained
 * heap with the limit and, past it, replaces the service:
 *
 * <ol>
 *   <li>new changes wait ({@link ChangeGate}; past the API's update timeout they get 503, nothing
 *       changed) and the running ones finish, transaction committed;
 *   <li>the workers stop, letting running tasks finish (a send completes and is in the ledger);
 *   <li>the old service is shut down, a fresh one started (search attributes registered) and put in
 *       the holder; the workers start polling it; changes go on;
 *   <li>every stored lead's workflow is started again from its projection, as at start: a pending
 *       step keeps its due instant ({@code nextFollowUpAt}), and a send whose projection was not
 *       saved yet is asked again under the same idempotency key, which the delivery ledger answers
 *       with the recorded result instead of a second send.
 * </ol>
 *
 * <p>When the lead workflows alone, right after a replacement, are more than half the limit, the
 * next replacement waits until the estimate doubles: a replacement could not shrink it further.
 */
public final class EmbeddedTemporalRebuild implements Managed {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalRebuild.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final TemporalHolder temporal;
  private final Supplier<Connection> connect;
  private final Workers workers;
  private final ToIntFunction<WorkflowClient> recreate;
  private final long limitBytes;
  private final Duration drainWait;
  private final AtomicInteger rebuilds = new AtomicInteger();
  private volatile long baseline;
  private ScheduledExecutorService checks;

  /**
   * @param connect starts a fresh in-memory service and connects to it
   * @param workers this process's workers, or null
   * @param recreate starts every stored lead's workflow on the given client; returns how many
   * @param limitBytes replace the service when its estimated retained heap passes this
   * @param drainWait how long to wait for running changes before trying again a second later
   */
  public EmbeddedTemporalRebuild(
      TemporalHolder temporal,
      Supplier<Connection> connect,
      Workers workers,
      ToIntFunction<WorkflowClient> recreate,
      long limitBytes,
      Duration drainWait) {
    this.temporal = temporal;
    this.connect = connect;
    this.workers = workers;
    this.recreate = recreate;
    this.limitBytes = limitBytes;
    this.drainWait = drainWait;
  }

  /**
   * The bound of the embedded run (a fresh service reports to {@code metricsScope} too): the
   * metrics {@code temporal.embedded.*} (request bytes, estimated retained heap, replacements) and,
   * unless {@code embeddedMaxRetained} is 0, the periodic check and the {@link ChangeGate} on the
   * API.
   *
   * @return the replacement, or null when it is off
   */
  public static EmbeddedTemporalRebuild register(
      Environment environment,
      TemporalHolder temporal,
      TemporalFactory config,
      Scope metricsScope,
      Workers workers,
      WorkflowRecovery recovery,
      RequestAdmission admission,
      long maxBodyBytes) {
    // a pass that cannot re-create every workflow is retried by the recovery in the background
    ToIntFunction<WorkflowClient> recreate = client -> recovery.recoverNow();
    environment
        .metrics()
        .register(
            "temporal.embedded.requestBytes",
            (Gauge<Long>) () -> temporal.current().meter().requestBytes());
    environment
        .metrics()
        .register(
            "temporal.embedded.estimatedRetainedBytes",
            (Gauge<Long>) () -> temporal.current().meter().estimatedRetainedBytes());
    long limit = config.embeddedMaxRetained.toBytes();
    if (limit <= 0) {
      return null;
    }
    Duration drainWait = Duration.ofMillis(config.updateTimeout.toMilliseconds());
    EmbeddedTemporalRebuild rebuild =
        new EmbeddedTemporalRebuild(
            temporal, () -> config.connect(metricsScope), workers, recreate, limit, drainWait);
    environment.lifecycle().manage(rebuild);
    environment
        .metrics()
        .register("temporal.embedded.rebuilds", (Gauge<Integer>) rebuild::rebuilds);
    environment
        .servlets()
        .addFilter(
            "temporal-change-gate", new ChangeGate(temporal, drainWait, admission, maxBodyBytes))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    return rebuild;
  }

  /** The in-memory service's retained heap, estimated from the changes it was sent. */
  public long estimatedRetainedBytes() {
    return temporal.current().meter().estimatedRetainedBytes();
  }

  /** How many times the service was replaced since the start. */
  public int rebuilds() {
    return rebuilds.get();
  }

  @Override
  public void start() {
    baseline = estimatedRetainedBytes();
    checks =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "embedded-temporal-rebuild");
              thread.setDaemon(true);
              return thread;
            });
    checks.scheduleWithFixedDelay(
        this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets a replacement under way finish. */
  @Override
  public void stop() throws InterruptedException {
    checks.shutdown();
    if (!checks.awaitTermination(2, TimeUnit.MINUTES)) {
      log.warn("the in-memory Temporal service replacement did not finish in 2 minutes");
    }
  }

  private void check() {
    try {
      if (estimatedRetainedBytes() >= Math.max(limitBytes, 2 * baseline)) {
        rebuild();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("could not replace the in-memory Temporal service; trying again", e);
    }
  }

  /**
   * Replaces the in-memory service now (the periodic check calls it past the limit).
   *
   * @return false when running changes did not finish within the drain wait (nothing was done)
   */
  public synchronized boolean rebuild() throws InterruptedException {
    long estimate = estimatedRetainedBytes();
    long started = System.nanoTime();
    boolean replaced =
        temporal.whilePaused(
            drainWait,
            () -> {
              if (workers != null) {
                workers.stop();
              }
              try {
                temporal.current().close();
              } catch (IOException | RuntimeException e) {
                log.warn("closing the old in-memory Temporal service: {}", e.toString());
              }
              temporal.replace(connect.get());
              if (workers != null) {
                workers.start();
              }
            });
    if (!replaced) {
      log.warn(
          "changes still running after {}; the in-memory Temporal service is replaced later",
          drainWait);
      return false;
    }
    long paused = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int recreated = recreate.applyAsInt(temporal.client());
    baseline = estimatedRetainedBytes();
    int count = rebuilds.incrementAndGet();
    log.info(
        "rebuilt the in-memory Temporal service (#{}): it retained about {} MB (limit {} MB);"
            + " changes paused {} ms; {} lead workflows re-created in {} ms, about {} MB",
        count,
        mb(estimate),
        mb(limitBytes),
        paused,
        recreated,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) - paused,
        mb(baseline));
    if (2 * baseline > limitBytes) {
      log.warn(
          "the {} lead workflows alone take about {} MB of the in-memory Temporal service, over"
              + " half its limit of {} MB (EMBEDDED_TEMPORAL_MAX_RETAINED_MB): the next"
              + " replacement waits until that doubles",
          recreated,
          mb(baseline),
          mb(limitBytes));
    }
    return true;
  }

  private static long mb(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }
}

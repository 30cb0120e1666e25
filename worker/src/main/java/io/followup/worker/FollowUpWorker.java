package io.followup.worker;

import io.followup.worker.activities.CallActivitiesImpl;
import io.followup.worker.activities.DeliveryRecordActivitiesImpl;
import io.followup.worker.activities.EmailActivitiesImpl;
import io.followup.worker.activities.SendRulesActivitiesImpl;
import io.followup.worker.activities.Sender;
import io.followup.worker.activities.TextActivitiesImpl;
import io.followup.worker.metrics.SendMeters;
import io.followup.workflows.LeadFollowUpWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the task queues of the roles it is given; closing it shuts its workers down gracefully. */
public final class FollowUpWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FollowUpWorker.class);

  /** After the graceful wait, how long interrupted tasks get to stop. */
  private static final Duration FORCED_WAIT = Duration.ofSeconds(5);

  private final WorkerFactory factory;
  private final WorkerSettings settings;
  private final boolean ownsFactory;

  private FollowUpWorker(WorkerFactory factory, WorkerSettings settings, boolean ownsFactory) {
    this.factory = factory;
    this.settings = settings;
    this.ownsFactory = ownsFactory;
  }

  /** Creates a factory on {@code client}, registers the roles' task queues and starts polling. */
  public static FollowUpWorker start(
      WorkflowClient client, WorkerSettings settings, WorkerDependencies dependencies) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    register(factory, settings, dependencies);
    factory.start();
    log.info("worker started with roles {}", settings.roles());
    return new FollowUpWorker(factory, settings, true);
  }

  /**
   * Registers the roles' task queues on a factory its owner starts and shuts down (a test
   * environment's, or a host's shared one); {@link #close} then leaves the factory alone.
   */
  public static FollowUpWorker attach(
      WorkerFactory factory, WorkerSettings settings, WorkerDependencies dependencies) {
    register(factory, settings, dependencies);
    return new FollowUpWorker(factory, settings, false);
  }

  private static void register(
      WorkerFactory factory, WorkerSettings settings, WorkerDependencies deps) {
    // fail on a missing dependency before any queue is registered
    settings.roles().forEach(deps::checkFor);
    SendMeters meters = new SendMeters(deps.meters());
    for (WorkerRole role : settings.roles()) {
      WorkerOptions.Builder options = WorkerOptions.newBuilder();
      Double limit = settings.maxActivitiesPerSecond().get(role);
      if (limit != null) {
        // the server holds the whole fleet to it; the in-memory service of the embedded run does
        // not enforce task-queue limits at all (10,000 due sends went out unthrottled), so each
        // worker holds itself to it too (a fleet of one is then bound; a larger one by the server)
        options.setMaxTaskQueueActivitiesPerSecond(limit);
        options.setMaxWorkerActivitiesPerSecond(limit);
      }
      Integer concurrent = settings.maxConcurrent().get(role);
      if (concurrent != null) {
        // CALL_MAX_CONCURRENT: a call's activity lasts as long as the call, so this bounds the
        // calls this process has in progress
        options.setMaxConcurrentActivityExecutionSize(concurrent);
      }
      Worker worker = factory.newWorker(role.taskQueue(), options.build());
      switch (role) {
        case WORKFLOWS -> {
          worker.registerWorkflowImplementationTypes(LeadFollowUpWorkflowImpl.class);
          worker.registerActivitiesImplementations(
              new DeliveryRecordActivitiesImpl(deps.ledger(), meters),
              deps.projections(),
              new SendRulesActivitiesImpl(deps.leads(), deps.sendRules(), deps.sends()));
        }
        case TEXT ->
            worker.registerActivitiesImplementations(
                new TextActivitiesImpl(sender(deps, role, meters)));
        case CALL ->
            worker.registerActivitiesImplementations(
                new CallActivitiesImpl(sender(deps, role, meters)));
        case EMAIL ->
            worker.registerActivitiesImplementations(
                new EmailActivitiesImpl(sender(deps, role, meters)));
      }
    }
  }

  private static Sender sender(WorkerDependencies deps, WorkerRole role, SendMeters meters) {
    return new Sender(
        deps.ledger(),
        deps.leads(),
        deps.renderer(),
        deps.providerFor(role),
        meters,
        deps.clock(),
        deps.unsubscribeLinks(),
        deps.complianceCheck(),
        deps.replyAddresses());
  }

  public Set<WorkerRole> roles() {
    return settings.roles();
  }

  public WorkerFactory factory() {
    return factory;
  }

  /**
   * Stops polling and lets in-flight tasks finish within the settings' shutdown wait, then
   * interrupts the rest. Does nothing to a factory this worker was attached to.
   */
  @Override
  public void close() {
    if (!ownsFactory || factory.isTerminated()) {
      return;
    }
    factory.shutdown();
    factory.awaitTermination(settings.shutdownWait().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("worker tasks still running after {}; interrupting them", settings.shutdownWait());
      factory.shutdownNow();
      factory.awaitTermination(FORCED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info("worker with roles {} stopped", settings.roles());
  }
}

package io.followup.app;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.followup.app.cli.DueCommand;
import io.followup.app.cli.EmbeddedCommand;
import io.followup.app.cli.EnvironmentSubstitutor;
import io.followup.app.cli.FileOrResourceSourceProvider;
import io.followup.app.cli.ImportLeadsCommand;
import io.followup.app.cli.RecoverCommand;
import io.followup.app.cli.RolloutSettingsCommand;
import io.followup.app.cli.SendsCommand;
import io.followup.app.cli.ServeCommand;
import io.followup.app.cli.WorkerCommand;
import io.followup.app.config.TemporalFactory;
import io.followup.app.context.ApiContext;
import io.followup.app.context.EmbeddedContext;
import io.followup.app.context.HttpPorts;
import io.followup.app.context.Infrastructure;
import io.followup.app.context.WebhookDispatch;
import io.followup.app.context.WorkerContext;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import io.followup.app.temporal.TemporalHolder;
import io.followup.app.temporal.Workers;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The deployable: {@code server} (the HTTP API, plus any worker roles in {@code worker.roles}),
 * {@code worker} (worker roles only) and {@code embedded} (everything on one machine).
 */
public class FollowUpApplication extends Application<FollowUpConfiguration> {
  private volatile TemporalHolder temporal;
  private volatile EmbeddedTemporalRebuild embeddedRebuild;

  public static void main(String[] args) throws Exception {
    new FollowUpApplication().run(args);
  }

  @Override
  public String getName() {
    return "lead-followup";
  }

  @Override
  public void initialize(Bootstrap<FollowUpConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            // a variable set empty (Compose's VAR: ${VAR:-}) gets config.yml's default too
            new FileOrResourceSourceProvider(), new EnvironmentSubstitutor()));
    bootstrap.addCommand(new WorkerCommand(this));
    bootstrap.addCommand(new EmbeddedCommand(this));
    bootstrap.addCommand(new RecoverCommand());
    bootstrap.addCommand(new RolloutSettingsCommand());
    bootstrap.addCommand(new DueCommand());
    bootstrap.addCommand(new ImportLeadsCommand());
    bootstrap.addCommand(new SendsCommand());
  }

  /** {@code server} prints a configuration's violations without a stack trace; {@code check}. */
  @Override
  protected void addDefaultCommands(Bootstrap<FollowUpConfiguration> bootstrap) {
    bootstrap.addCommand(new ServeCommand(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  /** The Temporal connection of the running application (tests and operators' tools). */
  public TemporalFactory.Connection temporal() {
    return temporal.current();
  }

  /** The replacement of the in-memory Temporal service; null unless the embedded bound is on. */
  public EmbeddedTemporalRebuild embeddedRebuild() {
    return embeddedRebuild;
  }

  /**
   * The contexts, each registering its own lifecycle. Shutdown order: Jetty stops accepting and
   * drains in-flight requests (server.shutdownGracePeriod), then the Managed objects stop in
   * reverse registration order: the API's sweeper, the embedded run's rebuild and recovery, the
   * webhook dispatcher, the worker (stops polling, lets running activities finish), the Temporal
   * client and service, and last the database (registered first, by JdbiFactory) and the metrics.
   */
  @Override
  public void run(FollowUpConfiguration config, Environment environment) throws Exception {
    // a rejected follow-up change is a 400, not a 30-line WARN from the Temporal SDK
    RejectedChangeLogFilter.install();
    List<String> apiKeys = ApiContext.apiKeys(config);

    Infrastructure shared = Infrastructure.start(config, environment, clock());
    this.temporal = shared.temporal();
    Workers workers = WorkerContext.register(config, environment, shared);
    WebhookDispatch.register(config, environment, shared);
    if (config.temporal.embedded) {
      this.embeddedRebuild =
          EmbeddedContext.register(config, environment, shared, workers, apiKeys);
    }
    HttpPorts.install(config, environment);
    if (config.api.enabled) {
      ApiContext.register(config, environment, shared, apiKeys, rateLimitClock());
    }
  }

  /**
   * The clock of everything this process stamps or compares with now (events, the ledger, reply
   * attribution, schedules): a seam for tests that move time themselves.
   */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  /** The rate limits' clock, in nanoseconds (a seam for tests that move time themselves). */
  protected LongSupplier rateLimitClock() {
    return System::nanoTime;
  }
}

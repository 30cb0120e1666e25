package io.followup.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.core.Conversations;
import io.followup.api.core.DoNotContact;
import io.followup.api.core.FollowUpGateway;
import io.followup.api.core.InboundTexts;
import io.followup.api.core.LeadCommands;
import io.followup.api.core.LeadQueries;
import io.followup.api.core.LeadRequests;
import io.followup.api.core.LeadSchedules;
import io.followup.api.core.SchedulePreview;
import io.followup.api.core.StatusCallbacks;
import io.followup.api.core.Strategies;
import io.followup.api.core.Unsubscribes;
import io.followup.api.http.ApiKeyFilter;
import io.followup.api.http.BodyLimitFilter;
import io.followup.api.http.DncResource;
import io.followup.api.http.DocsServlet;
import io.followup.api.http.ErrorMappers;
import io.followup.api.http.JettyErrors;
import io.followup.api.http.JsonBodies;
import io.followup.api.http.LeadResource;
import io.followup.api.http.OpenApiResource;
import io.followup.api.http.RateLimitFilter;
import io.followup.api.http.RequestIdFilter;
import io.followup.api.http.ScheduleResource;
import io.followup.api.http.StrategyResource;
import io.followup.api.http.TwilioSignature;
import io.followup.api.http.TwilioWebhookResource;
import io.followup.api.http.UnsubscribeResource;
import io.followup.api.webhooks.WebhookDispatcher;
import io.followup.api.webhooks.WebhookMeters;
import io.followup.api.webhooks.WebhookSignature;
import io.followup.app.bench.BenchEndpoints;
import io.followup.app.cli.DueCommand;
import io.followup.app.cli.EmbeddedCommand;
import io.followup.app.cli.EnvironmentSubstitutor;
import io.followup.app.cli.FileOrResourceSourceProvider;
import io.followup.app.cli.RecoverCommand;
import io.followup.app.cli.RolloutSettingsCommand;
import io.followup.app.cli.WorkerCommand;
import io.followup.app.config.ProviderSettings;
import io.followup.app.config.SettingsException;
import io.followup.app.config.TemporalFactory;
import io.followup.app.health.TemporalHealthCheck;
import io.followup.app.metrics.HttpMetrics;
import io.followup.app.metrics.LeadStatusGauges;
import io.followup.app.metrics.Metrics;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import io.followup.app.temporal.TemporalHolder;
import io.followup.app.temporal.Workers;
import io.followup.app.temporal.WorkflowRecovery;
import io.followup.compliance.LeadSendRules;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import io.followup.store.DncList;
import io.followup.store.EmailOptOuts;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.JdbiLeadDirectory;
import io.followup.store.JdbiLeadProjections;
import io.followup.store.LeadDao;
import io.followup.store.Migrations;
import io.followup.store.ParsedTemplates;
import io.followup.store.ServiceSecrets;
import io.followup.store.Sql;
import io.followup.store.strategies.JdbiStrategyCatalog;
import io.followup.store.webhooks.JdbiWebhookQueue;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerRole;
import io.followup.worker.WorkerSettings;
import io.followup.worker.provider.ChannelProvider;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable: {@code server} (the HTTP API, plus any worker roles in {@code worker.roles}),
 * {@code worker} (worker roles only) and {@code embedded} (everything on one machine).
 */
public class FollowUpApplication extends Application<FollowUpConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(FollowUpApplication.class);

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
  }

  /** The Temporal connection of the running application (tests and operators' tools). */
  public TemporalFactory.Connection temporal() {
    return temporal.current();
  }

  /** The replacement of the in-memory Temporal service; null unless the embedded bound is on. */
  public EmbeddedTemporalRebuild embeddedRebuild() {
    return embeddedRebuild;
  }

  /** EMAIL_PROVIDER: logging (the default) or smtp. */
  private static ChannelProvider emailProvider(FollowUpConfiguration config) {
    ChannelProvider provider = config.email.build();
    log.info("email provider: {}", config.email.smtp() ? provider : "logging");
    return provider;
  }

  @Override
  public void run(FollowUpConfiguration config, Environment environment) throws Exception {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new SettingsException(
          "the settings stop the start:\n  " + String.join("\n  ", problems));
    }
    // a rejected follow-up change is a 400, not a 30-line WARN from the Temporal SDK
    RejectedChangeLogFilter.install();
    Clock clock = clock();
    ObjectMapper json = environment.getObjectMapper();
    List<String> apiKeys =
        config.embedded.enabled ? EmbeddedCommand.apiKeys(config) : config.auth.keys();
    if (config.api.enabled && apiKeys.isEmpty()) {
      throw new IllegalStateException("no API key configured: set API_KEYS (comma-separated)");
    }

    // first, so it stops last: the Temporal SDK's final report lands in it
    Metrics metrics = Metrics.register(environment, config.prometheus);

    Migrations.migrate(
        config.database.getUrl(), config.database.getUser(), config.database.getPassword());
    // Shutdown order: Jetty stops accepting and drains in-flight requests
    // (server.shutdownGracePeriod), then the Managed objects stop in reverse registration order:
    // the worker (stops polling, lets running activities finish), the Temporal client and service,
    // and last the database (registered first, by JdbiFactory).
    // templates parsed once (ParsedTemplates: Dropwizard's engine made Jdbi lex every statement)
    Jdbi jdbi =
        ParsedTemplates.install(
            Sql.withoutValuesInErrors(
                new JdbiFactory().build(environment, config.database, "database")));
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() {
                log.info("shutdown: closing the database");
              }
            });

    // every caller goes through the holder: the embedded run may replace the connection
    TemporalHolder temporal = new TemporalHolder(config.temporal.connect(metrics.temporalScope()));
    this.temporal = temporal;
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() throws Exception {
                temporal.close();
                log.info("shutdown: Temporal closed");
              }
            });
    environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal::service));

    // one thread per create/PATCH waiting on its lead's workflow (each holds a row lock and a
    // database connection meanwhile, so the pool size bounds them first)
    int concurrentCalls = Math.max(config.database.getMaxSize(), 8);
    ExecutorService temporalCalls =
        environment
            .lifecycle()
            .executorService("temporal-calls-%d")
            .minThreads(concurrentCalls)
            .maxThreads(concurrentCalls)
            .build();
    FollowUpGateway gateway =
        new FollowUpGateway(
            temporal::client,
            config.followUp.toOptions(),
            Duration.ofMillis(config.temporal.updateTimeout.toMilliseconds()),
            temporalCalls);
    // every process that records events writes their webhooks (WEBHOOK_URLS, the same everywhere)
    WebhookOutbox webhooks = new WebhookOutbox(config.webhooks.list(), json, clock);
    // the strategy catalogue: strategyIds of a follow-up config are checked against it
    Strategies strategies = new Strategies(jdbi, new StrategyTemplates(), clock);
    LeadCommands commands =
        new LeadCommands(jdbi, gateway, new LeadRequests(strategies), json, clock, webhooks);

    // the email unsubscribe links: the API verifies them, the email role signs them
    UnsubscribeTokens unsubscribeTokens =
        new UnsubscribeTokens(unsubscribeSecret(config, jdbi, clock));

    Workers workers = null;
    if (config.worker.roles != null && !config.worker.roles.isBlank()) {
      Set<WorkerRole> roles = WorkerRole.parse(config.worker.roles);
      UnsubscribeLinks unsubscribeLinks = UnsubscribeLinks.none();
      if (!config.conversations.baseUrl().isEmpty()) {
        unsubscribeLinks = new UnsubscribeLinks(config.conversations.baseUrl(), unsubscribeTokens);
      } else if (roles.contains(WorkerRole.EMAIL)) {
        log.warn(
            "PUBLIC_BASE_URL is not set: emails go without List-Unsubscribe headers (no one-click"
                + " unsubscribe link); set it to the address mail clients reach the API at");
      }
      // texts and calls by TEXT_PROVIDER / CALL_PROVIDER, email by EMAIL_PROVIDER
      ProviderSettings.Channels channels = config.providers.build(config.conversations.baseUrl());
      WorkerDependencies dependencies =
          new WorkerDependencies(
              new JdbiDeliveryLedger(jdbi, json, clock, webhooks),
              new JdbiLeadDirectory(jdbi, json, clock, webhooks),
              new JdbiLeadProjections(jdbi, clock),
              config.templates.renderer().withStrategies(new JdbiStrategyCatalog(jdbi, clock)),
              channels.text(),
              channels.call(),
              emailProvider(config),
              new LeadSendRules(config.followUp.regionalRules()),
              metrics.registry(),
              unsubscribeLinks);
      WorkerSettings settings = WorkerSettings.of(roles);
      if (config.worker.maxActivitiesPerSecond > 0) {
        for (WorkerRole role : roles) {
          if (role != WorkerRole.WORKFLOWS) {
            settings = settings.withRateLimit(role, config.worker.maxActivitiesPerSecond);
          }
        }
      }
      workers = new Workers(temporal, settings, dependencies);
      environment.lifecycle().manage(workers);
    }

    startWebhookDispatcher(config, environment, jdbi, webhooks, metrics, clock);

    if (config.temporal.embedded) {
      // the in-memory service starts empty (the embedded run re-creates the workflows from the
      // store) and is replaced now and then; a pass that could not do them all is retried
      WorkflowRecovery recovery =
          new WorkflowRecovery(
              client -> EmbeddedCommand.recreateWorkflows(jdbi, client, gateway.options()),
              temporal::client,
              config.embedded.enabled,
              Duration.ofSeconds(5));
      environment.lifecycle().manage(recovery);
      this.embeddedRebuild =
          EmbeddedTemporalRebuild.register(
              environment, temporal, config.temporal, metrics.temporalScope(), workers, recovery);
    }

    // Jetty's own errors (bad URI, headers too large, unknown admin path...) as JSON too
    JettyErrors.install(environment);
    // X-Request-Id on every answer of both ports, in the MDC of every log line of the request
    environment
        .servlets()
        .addFilter("request-id", new RequestIdFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    environment
        .admin()
        .addFilter("request-id", new RequestIdFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");

    if (!config.api.enabled && config.getServerFactory() instanceof DefaultServerFactory server) {
      // a worker process listens on its admin port (health, metrics) only
      server.setApplicationConnectors(List.of());
    }
    if (config.api.enabled) {
      environment.jersey().register(new HttpMetrics(metrics.registry()));
      // one GROUP BY per refresh interval, from the API process only (not from every fleet)
      LeadStatusGauges.register(
          metrics.registry(),
          () -> jdbi.withExtension(LeadDao.class, LeadDao::countByFollowUpStatus),
          Duration.ofMillis(config.prometheus.leadStatusRefresh.toMilliseconds()));
      environment.jersey().register(new ApiKeyFilter(apiKeys));
      environment.jersey().register(new BodyLimitFilter(config.api.maxBodyBytes));
      if (config.api.rateLimitPerSecond > 0) {
        environment
            .jersey()
            .register(
                new RateLimitFilter(
                    config.api.rateLimitPerSecond, config.api.rateLimitBurst, rateLimitClock()));
      }
      environment.jersey().register(new ErrorMappers.Api());
      environment.jersey().register(new ErrorMappers.Web());
      environment.jersey().register(new ErrorMappers.Processing());
      environment.jersey().register(new ErrorMappers.Unexpected());
      environment
          .jersey()
          .register(new LeadResource(commands, new LeadQueries(jdbi, json), new JsonBodies(json)));
      environment
          .jersey()
          .register(
              new ScheduleResource(
                  new LeadSchedules(
                      jdbi,
                      new SchedulePreview(
                          new LeadSendRules(config.followUp.regionalRules()), gateway.options()),
                      gateway.options(),
                      clock)));
      environment.jersey().register(new StrategyResource(strategies, new JsonBodies(json)));
      environment
          .jersey()
          .register(
              new DncResource(new DoNotContact(new DncList(jdbi, clock)), new JsonBodies(json)));
      // Twilio's callbacks: signed with TWILIO_AUTH_TOKEN over PUBLIC_BASE_URL (no API key)
      InboundTexts inboundTexts =
          new InboundTexts(
              jdbi,
              gateway,
              webhooks,
              json,
              clock,
              new Conversations(
                  config.conversations.stopOnReply,
                  config.conversations.helpText(),
                  config.conversations.extraOptOutKeywords(),
                  Duration.ofMillis(
                      Math.round(config.conversations.replyAttributionHours * 3_600_000d))));
      environment
          .jersey()
          .register(
              new TwilioWebhookResource(
                  new TwilioSignature(
                      config.providers.twilio.authToken, config.conversations.baseUrl()),
                  inboundTexts,
                  new StatusCallbacks(jdbi, json, clock)));
      startInboundRetries(config, environment, inboundTexts);
      environment
          .jersey()
          .register(
              new UnsubscribeResource(
                  new Unsubscribes(
                      jdbi, unsubscribeTokens, new EmailOptOuts(jdbi, json, clock, webhooks))));
      environment.jersey().register(new OpenApiResource(json));
      if (config.api.benchEndpoints) {
        log.warn("BENCH_ENDPOINTS: the benchmark's routes and admin tasks are on");
        BenchEndpoints.register(environment, jdbi, temporal::client, gateway.options());
      }
      environment
          .servlets()
          .addServlet("docs", new DocsServlet())
          .addMapping(DocsServlet.PATH, DocsServlet.PATH + "/*");
    }
  }

  /**
   * Inbound texts whose workflow was not told (Temporal unreachable at the time) are told later,
   * every {@code conversations.inboundRetryEvery}, by the API process that recorded them (or any
   * other: the update id makes a second telling a no-op).
   */
  private static void startInboundRetries(
      FollowUpConfiguration config, Environment environment, InboundTexts inbound) {
    long every = Math.max(1, config.conversations.inboundRetryEvery.toMilliseconds());
    ScheduledExecutorService sweeper =
        environment.lifecycle().scheduledExecutorService("inbound-retries-%d").threads(1).build();
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            inbound.retryUntold(INBOUND_RETRY_GRACE, 100);
          } catch (RuntimeException e) {
            log.warn("inbound texts not told yet: {}", e.getClass().getSimpleName());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** An inbound text this young is left to the request still telling its workflow. */
  private static final Duration INBOUND_RETRY_GRACE = Duration.ofSeconds(2);

  /**
   * The API process and the embedded run deliver the outbox (several at once are safe: rows are
   * leased); worker-only processes write rows and leave them to those unless {@code
   * webhooks.dispatch} says otherwise. Started after the database, so it stops before it.
   */
  private static void startWebhookDispatcher(
      FollowUpConfiguration config,
      Environment environment,
      Jdbi jdbi,
      WebhookOutbox webhooks,
      Metrics metrics,
      Clock clock) {
    boolean dispatch =
        config.webhooks.dispatch != null ? config.webhooks.dispatch : config.api.enabled;
    if (!webhooks.enabled() || !dispatch) {
      return;
    }
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            new JdbiWebhookQueue(jdbi),
            webhooks.urls(),
            new WebhookSignature(config.webhooks.secret),
            config.webhooks.dispatchSettings(),
            new WebhookMeters(metrics.registry()),
            clock);
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                dispatcher.start();
              }

              @Override
              public void stop() {
                dispatcher.close();
                log.info("shutdown: webhook dispatcher stopped");
              }
            });
  }

  /**
   * {@code UNSUBSCRIBE_SECRET}, or else the one generated once and kept in the database (every
   * process and restart agrees on it). Never logged.
   */
  private static byte[] unsubscribeSecret(FollowUpConfiguration config, Jdbi jdbi, Clock clock) {
    return config
        .conversations
        .configuredUnsubscribeSecret()
        .orElseGet(() -> new ServiceSecrets(jdbi, clock).getOrCreate(ServiceSecrets.UNSUBSCRIBE));
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

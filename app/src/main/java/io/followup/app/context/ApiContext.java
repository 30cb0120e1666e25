package io.followup.app.context;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.followup.api.core.AuditLog;
import io.followup.api.core.CallKeyPresses;
import io.followup.api.core.ChangePasses;
import io.followup.api.core.Conversations;
import io.followup.api.core.DoNotContact;
import io.followup.api.core.ExpiredTextResends;
import io.followup.api.core.InboundTexts;
import io.followup.api.core.LeadBatch;
import io.followup.api.core.LeadCommands;
import io.followup.api.core.LeadQueries;
import io.followup.api.core.LeadRequests;
import io.followup.api.core.LeadSchedules;
import io.followup.api.core.SchedulePreview;
import io.followup.api.core.SendSwitches;
import io.followup.api.core.StatusCallbacks;
import io.followup.api.core.Strategies;
import io.followup.api.core.Unsubscribes;
import io.followup.api.core.WebhookDeliveries;
import io.followup.api.http.ApiKeyFilter;
import io.followup.api.http.AuditResource;
import io.followup.api.http.BodyLimitFilter;
import io.followup.api.http.DncResource;
import io.followup.api.http.DocsServlet;
import io.followup.api.http.ErrorMappers;
import io.followup.api.http.JsonBodies;
import io.followup.api.http.LeadBatchResource;
import io.followup.api.http.LeadResource;
import io.followup.api.http.OpenApiResource;
import io.followup.api.http.RateLimitFilter;
import io.followup.api.http.ScheduleResource;
import io.followup.api.http.SendSwitchResource;
import io.followup.api.http.StrategyResource;
import io.followup.api.http.TwilioSignature;
import io.followup.api.http.TwilioWebhookResource;
import io.followup.api.http.UnsubscribeResource;
import io.followup.api.http.WebhookDeliveryResource;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.bench.BenchEndpoints;
import io.followup.app.cli.EmbeddedCommand;
import io.followup.app.metrics.HttpMetrics;
import io.followup.app.metrics.LeadStatusGauges;
import io.followup.app.temporal.ChangeGate;
import io.followup.compliance.LeadSendRules;
import io.followup.store.DncList;
import io.followup.store.EmailOptOuts;
import io.followup.store.LeadDao;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.workflows.model.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API ({@code api.enabled}): its filters, resources and services over the shared
 * infrastructure, and the sweeper of inbound texts not yet told to their workflow. Registered last,
 * so its sweeper stops first (after Jetty has drained).
 */
public final class ApiContext {
  private static final Logger log = LoggerFactory.getLogger(ApiContext.class);

  /** An inbound text this young is left to the request still telling its workflow. */
  private static final Duration INBOUND_RETRY_GRACE = Duration.ofSeconds(2);

  private ApiContext() {}

  /**
   * The API keys ({@code API_KEYS}; the embedded run's generated one when none); checked before
   * anything starts.
   */
  public static List<String> apiKeys(FollowUpConfiguration config) {
    List<String> apiKeys =
        config.embedded.enabled ? EmbeddedCommand.apiKeys(config) : config.auth.keys();
    if (config.api.enabled && apiKeys.isEmpty()) {
      throw new IllegalStateException("no API key configured: set API_KEYS (comma-separated)");
    }
    return apiKeys;
  }

  /**
   * The keys that may also call {@code /v1/admin/...} ({@code ADMIN_API_KEYS}); the embedded run's
   * generated key when it uses one (the one person trying the engine is its operator too).
   */
  static List<String> adminKeys(FollowUpConfiguration config, List<String> apiKeys) {
    if (config.embedded.enabled && config.auth.keys().isEmpty()) {
      return apiKeys;
    }
    return config.auth.adminKeys();
  }

  /**
   * @param rateLimitClock the rate limits' clock, in nanoseconds
   */
  public static void register(
      FollowUpConfiguration config,
      Environment environment,
      Infrastructure shared,
      List<String> apiKeys,
      LongSupplier rateLimitClock) {
    JerseyEnvironment jersey = environment.jersey();
    jersey.register(new HttpMetrics(shared.metrics().registry()));
    // one GROUP BY per refresh interval, from the API process only (not from every fleet)
    LeadStatusGauges.register(
        shared.metrics().registry(),
        () -> shared.jdbi().withExtension(LeadDao.class, LeadDao::countByFollowUpStatus),
        Duration.ofMillis(config.prometheus.leadStatusRefresh.toMilliseconds()));
    jersey.register(new ApiKeyFilter(apiKeys, adminKeys(config, apiKeys)));
    jersey.register(new BodyLimitFilter(config.api.maxBodyBytes));
    if (config.api.rateLimitPerSecond > 0) {
      jersey.register(
          new RateLimitFilter(
              apiKeys, config.api.rateLimitPerSecond, config.api.rateLimitBurst, rateLimitClock));
    }
    jersey.register(new ErrorMappers.Api());
    jersey.register(new ErrorMappers.Web());
    jersey.register(new ErrorMappers.Processing());
    jersey.register(new ErrorMappers.Unexpected());
    resources(config, environment, shared);
    if (config.api.benchEndpoints) {
      log.warn("BENCH_ENDPOINTS: the benchmark's routes and admin tasks are on");
      BenchEndpoints.register(
          environment, shared.jdbi(), shared.temporal()::client, shared.gateway().options());
    }
    environment
        .servlets()
        .addServlet("docs", new DocsServlet())
        .addMapping(DocsServlet.PATH, DocsServlet.PATH + "/*");
  }

  /** The paced senders by channel: the preview shows their queues. */
  private static Map<Channel, String> senders(FollowUpConfiguration config) {
    Map<Channel, String> senders = new EnumMap<>(Channel.class);
    config
        .sends
        .paces(config.providers.twilio, config.email)
        .forEach((channel, pace) -> senders.put(channel, pace.sender()));
    return senders;
  }

  private static void resources(
      FollowUpConfiguration config, Environment environment, Infrastructure shared) {
    JerseyEnvironment jersey = environment.jersey();
    var jdbi = shared.jdbi();
    var json = shared.json();
    var clock = shared.clock();
    var gateway = shared.gateway();
    // the strategy catalogue: strategyIds of a follow-up config are checked against it
    Strategies strategies = new Strategies(jdbi, new StrategyTemplates(), clock);
    LeadCommands commands =
        new LeadCommands(
            jdbi,
            gateway,
            new LeadRequests(strategies),
            json,
            clock,
            shared.webhooks(),
            conversations(config).replyResume());
    jersey.register(new LeadResource(commands, new LeadQueries(jdbi, json), new JsonBodies(json)));
    // the embedded run's change gate leaves a batch to its items: a pass each
    ChangePasses passes =
        config.temporal.embedded && config.temporal.embeddedMaxRetained.toBytes() > 0
            ? ChangeGate.passes(
                shared.temporal(),
                Duration.ofMillis(config.temporal.updateTimeout.toMilliseconds()))
            : ChangePasses.none();
    jersey.register(new LeadBatchResource(new LeadBatch(commands, passes), new JsonBodies(json)));
    jersey.register(
        new ScheduleResource(
            new LeadSchedules(
                jdbi,
                new SchedulePreview(
                    new LeadSendRules(config.followUp.regionalRules()),
                    gateway.options(),
                    config.sends.spread()),
                gateway.options(),
                clock,
                senders(config))));
    jersey.register(new StrategyResource(strategies, new JsonBodies(json)));
    jersey.register(
        new DncResource(new DoNotContact(new DncList(jdbi, clock)), new JsonBodies(json)));
    jersey.register(
        new SendSwitchResource(
            new SendSwitches(new JdbiSendSwitch(jdbi), clock), new JsonBodies(json)));
    // Twilio's callbacks: signed with TWILIO_AUTH_TOKEN over PUBLIC_BASE_URL (no API key)
    ExpiredTextResends resends = commands.expiredResends();
    InboundTexts inboundTexts =
        new InboundTexts(jdbi, gateway, shared.webhooks(), json, clock, conversations(config));
    jersey.register(
        new TwilioWebhookResource(
            new TwilioSignature(config.providers.twilio.authToken, config.conversations.baseUrl()),
            inboundTexts,
            new StatusCallbacks(jdbi, json, clock, resends::handOver),
            new CallKeyPresses(
                jdbi,
                gateway,
                shared.webhooks(),
                json,
                clock,
                config.providers.twilio.optOutDigit())));
    startInboundRetries(config, environment, inboundTexts, resends);
    ReplyMailbox.start(config, environment, shared, gateway, conversations(config));
    jersey.register(
        new UnsubscribeResource(
            new Unsubscribes(
                jdbi,
                shared.unsubscribeTokens(),
                new EmailOptOuts(jdbi, json, clock, shared.webhooks()))));
    jersey.register(
        new WebhookDeliveryResource(new WebhookDeliveries(jdbi, shared.webhooks(), clock)));
    jersey.register(new AuditResource(new AuditLog(jdbi, json)));
    jersey.register(new OpenApiResource(json));
  }

  private static Conversations conversations(FollowUpConfiguration config) {
    return new Conversations(
        config.conversations.stopOnReply,
        config.conversations.helpText(),
        config.conversations.extraOptOutKeywords(),
        config.conversations.extraOptOutPhrases(),
        Duration.ofMillis(Math.round(config.conversations.replyAttributionHours * 3_600_000d)),
        List.of(
            config.providers.twilio.fromNumber == null ? "" : config.providers.twilio.fromNumber),
        config.conversations.optOutConfirmation(),
        config.conversations.optInConfirmation(),
        config.conversations.extraAutoReplyPhrases(),
        Duration.ofDays(config.conversations.oooResumeDefaultDays),
        config.followUp.defaultTimezone,
        Duration.ofMillis(Math.round(config.conversations.replyResumeHours * 3_600_000d)));
  }

  /**
   * Inbound texts whose workflow was not told (Temporal unreachable at the time) are told later,
   * every {@code conversations.inboundRetryEvery}, by the API process that recorded them (or any
   * other: the update id makes a second telling a no-op). The same sweeper hands over the re-sends
   * of expired texts stored and not accepted ({@link ExpiredTextResends#sweep}).
   */
  private static void startInboundRetries(
      FollowUpConfiguration config,
      Environment environment,
      InboundTexts inbound,
      ExpiredTextResends resends) {
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
          try {
            // expired texts' re-sends stored but not handed over (ExpiredTextResends)
            resends.sweep(100);
          } catch (RuntimeException e) {
            log.warn(
                "expired texts' re-sends not handed over yet: {}", e.getClass().getSimpleName());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }
}

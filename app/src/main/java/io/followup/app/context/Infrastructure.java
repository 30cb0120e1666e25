package io.followup.app.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.core.FollowUpGateway;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.health.TemporalHealthCheck;
import io.followup.app.metrics.Metrics;
import io.followup.app.temporal.TemporalHolder;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import io.followup.store.Migrations;
import io.followup.store.ParsedTemplates;
import io.followup.store.ServiceSecrets;
import io.followup.store.Sql;
import io.followup.store.webhooks.WebhookOutbox;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every context of the process shares: the metrics registry, the database, the Temporal
 * connection and the gateway the API and the embedded run call it through, the webhook outbox every
 * process that records events writes to, and the unsubscribe tokens. {@link #start} registers their
 * lifecycle before any context registers its own, so they stop after every context: the metrics
 * first (stopped last: the Temporal SDK's final report lands in them), then the database, then the
 * Temporal connection.
 */
public record Infrastructure(
    Clock clock,
    ObjectMapper json,
    Metrics metrics,
    Jdbi jdbi,
    TemporalHolder temporal,
    FollowUpGateway gateway,
    WebhookOutbox webhooks,
    UnsubscribeTokens unsubscribeTokens) {
  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

  /** {@code clock}: what everything this process stamps or compares with now reads. */
  public static Infrastructure start(
      FollowUpConfiguration config, Environment environment, Clock clock) {
    ObjectMapper json = environment.getObjectMapper();
    // first, so it stops last: the Temporal SDK's final report lands in it
    Metrics metrics = Metrics.register(environment, config.prometheus);
    Jdbi jdbi = database(config, environment);
    TemporalHolder temporal = temporal(config, environment, metrics);
    FollowUpGateway gateway = gateway(config, environment, temporal);
    // every process that records events writes their webhooks (WEBHOOK_URLS, the same everywhere)
    WebhookOutbox webhooks = new WebhookOutbox(config.webhooks.targets(), json, clock);
    // the email unsubscribe links: the API verifies them, the email role signs them
    UnsubscribeTokens unsubscribeTokens =
        new UnsubscribeTokens(unsubscribeSecret(config, jdbi, clock));
    return new Infrastructure(
        clock, json, metrics, jdbi, temporal, gateway, webhooks, unsubscribeTokens);
  }

  /** Migrated, then the pool (which {@code JdbiFactory} registers, so it stops last but one). */
  private static Jdbi database(FollowUpConfiguration config, Environment environment) {
    Migrations.migrate(
        config.database.getUrl(), config.database.getUser(), config.database.getPassword());
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
    return jdbi;
  }

  /** Every caller goes through the holder: the embedded run may replace the connection. */
  private static TemporalHolder temporal(
      FollowUpConfiguration config, Environment environment, Metrics metrics) {
    TemporalHolder temporal = new TemporalHolder(config.temporal.connect(metrics.temporalScope()));
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
    return temporal;
  }

  private static FollowUpGateway gateway(
      FollowUpConfiguration config, Environment environment, TemporalHolder temporal) {
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
    return new FollowUpGateway(
        temporal::client,
        config.followUp.toOptions(),
        Duration.ofMillis(config.temporal.updateTimeout.toMilliseconds()),
        temporalCalls);
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
}

package io.followup.app.context;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.webhooks.DeliveryLogSweep;
import io.followup.api.webhooks.WebhookDispatcher;
import io.followup.api.webhooks.WebhookMeters;
import io.followup.api.webhooks.WebhookSignature;
import io.followup.app.FollowUpConfiguration;
import io.followup.store.webhooks.JdbiWebhookQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of the webhook outbox. The API process and the embedded run deliver it (several at
 * once are safe: rows are leased); worker-only processes write rows and leave them to those unless
 * {@code webhooks.dispatch} says otherwise. Registered after the database, so it stops before it.
 */
public final class WebhookDispatch {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatch.class);

  private WebhookDispatch() {}

  public static void register(
      FollowUpConfiguration config, Environment environment, Infrastructure shared) {
    boolean dispatch =
        config.webhooks.dispatch != null ? config.webhooks.dispatch : config.api.enabled;
    if (!shared.webhooks().enabled() || !dispatch) {
      return;
    }
    JdbiWebhookQueue queue = new JdbiWebhookQueue(shared.jdbi());
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            queue,
            shared.webhooks().urls(),
            new WebhookSignature(config.webhooks.secret),
            config.webhooks.dispatchSettings(),
            new WebhookMeters(shared.metrics().registry()),
            shared.clock());
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
    // the delivery log's retention (WEBHOOK_RETENTION_DAYS), swept where it is delivered
    ScheduledExecutorService sweeper =
        environment.lifecycle().scheduledExecutorService("webhook-log-sweep-%d").threads(1).build();
    long every = DeliveryLogSweep.EVERY.toMillis();
    sweeper.scheduleWithFixedDelay(
        new DeliveryLogSweep(queue, config.webhooks.retention(), shared.clock()),
        every / 60,
        every,
        TimeUnit.MILLISECONDS);
  }
}

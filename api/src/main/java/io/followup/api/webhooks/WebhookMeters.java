package io.followup.api.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code followup_webhook_deliveries_total{outcome="delivered"|"failed"}}, counted by the {@link
 * WebhookDispatcher}. Every process registers the series at zero (a worker-only process delivers
 * nothing), so dashboards and alerts can name them everywhere.
 */
public final class WebhookMeters {
  public static final String DELIVERIES = "followup.webhook.deliveries";

  private final Counter delivered;
  private final Counter failed;

  public WebhookMeters(MeterRegistry registry) {
    this.delivered = counter(registry, "delivered");
    this.failed = counter(registry, "failed");
  }

  /** A webhook the receiver accepted (2xx). */
  public void delivered() {
    delivered.increment();
  }

  /** A webhook attempt that failed (no answer, or not 2xx). */
  public void failed() {
    failed.increment();
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(DELIVERIES)
        .description("Outbound webhook deliveries by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}

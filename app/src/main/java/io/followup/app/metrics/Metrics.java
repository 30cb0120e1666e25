package io.followup.app.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.webhooks.WebhookMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;

/**
 * This process's Prometheus registry, served at {@code /prometheus} on the admin port: the Temporal
 * SDK's {@code temporal_*} series (client and workers, through {@link #temporalScope}), the JVM's,
 * and what the application registers (HTTP, sends, due lag, leads by status, webhooks).
 *
 * <p>Stopped last (registered before everything else): the scope's final report flushes into it.
 */
public final class Metrics implements Managed {
  /** The SDK's latency timers get these buckets instead of Micrometer's ~70 per series. */
  private static final Duration[] TEMPORAL_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;
  private final JvmGcMetrics gc;

  private Metrics(PrometheusMeterRegistry registry, Scope temporalScope, JvmGcMetrics gc) {
    this.registry = registry;
    this.temporalScope = temporalScope;
    this.gc = gc;
  }

  /** Creates the registry, serves it at {@code /prometheus} on the admin port, manages it. */
  public static Metrics register(Environment environment, MetricsSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(temporalTimerBuckets());
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    // outbound webhooks are yet to come: their series exist at zero from the start
    new WebhookMeters(registry);

    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(
                com.uber.m3.util.Duration.ofMillis(settings.temporalReportEvery.toMilliseconds()));
    Metrics metrics = new Metrics(registry, scope, gc);
    environment.lifecycle().manage(metrics);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusServlet(registry))
        .addMapping("/prometheus");
    return metrics;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * For {@code WorkflowServiceStubsOptions.setMetricsScope}: every client and worker reports here.
   */
  public Scope temporalScope() {
    return temporalScope;
  }

  @Override
  public void stop() throws Exception {
    // reports what is left, then closes the registry (the reporter owns it)
    temporalScope.close();
    gc.close();
  }

  private static MeterFilter temporalTimerBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("temporal_")) {
          return config;
        }
        double[] buckets = new double[TEMPORAL_BUCKETS.length];
        for (int i = 0; i < buckets.length; i++) {
          buckets[i] = TEMPORAL_BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(buckets)
            .build()
            .merge(config);
      }
    };
  }
}

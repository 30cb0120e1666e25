package io.followup.app.metrics;

import io.followup.workflows.model.FollowUpStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code followup_leads{status}}: how many leads are in each follow-up status, from the store. The
 * counts come from one GROUP BY, run by a scrape at most once per {@code refresh}; between runs the
 * last counts are served. A failed query keeps the last counts (and is tried again after {@code
 * refresh}), so an unavailable database never fails a scrape.
 */
public final class LeadStatusGauges {
  public static final String NAME = "followup.leads";
  private static final Logger log = LoggerFactory.getLogger(LeadStatusGauges.class);

  private final Supplier<Map<String, Long>> query;
  private final long refreshNanos;
  private volatile Map<String, Long> counts = Map.of();
  private long fetchedAt;
  private boolean fetched;

  LeadStatusGauges(Supplier<Map<String, Long>> query, Duration refresh) {
    this.query = query;
    this.refreshNanos = refresh.toNanos();
  }

  /** One gauge per status; {@code query} is the store's count by status. */
  public static LeadStatusGauges register(
      MeterRegistry registry, Supplier<Map<String, Long>> query, Duration refresh) {
    LeadStatusGauges gauges = new LeadStatusGauges(query, refresh);
    for (FollowUpStatus status : FollowUpStatus.values()) {
      Gauge.builder(NAME, gauges, g -> g.count(status.name()))
          .description(
              "Leads by follow-up status (from the store, refreshed at most every "
                  + refresh.toSeconds()
                  + " s)")
          .tag("status", status.name())
          // the registry holds the only reference (a gauge's object is weak by default)
          .strongReference(true)
          .register(registry);
    }
    return gauges;
  }

  double count(String status) {
    refreshIfDue();
    return counts.getOrDefault(status, 0L);
  }

  private synchronized void refreshIfDue() {
    long now = System.nanoTime();
    if (fetched && now - fetchedAt < refreshNanos) {
      return;
    }
    fetched = true;
    fetchedAt = now;
    try {
      counts = Map.copyOf(query.get());
    } catch (RuntimeException e) {
      log.warn("could not count the leads by status; serving the last counts: {}", e.toString());
    }
  }
}

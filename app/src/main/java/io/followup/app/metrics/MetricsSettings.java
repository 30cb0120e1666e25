package io.followup.app.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code prometheus:} section: how often the costlier series are refreshed. */
public class MetricsSettings {
  /**
   * The Temporal SDK's counters and timers reach the Prometheus registry this often (its tally
   * scope reports in batches); keep it below the scrape interval.
   */
  @NotNull @JsonProperty public Duration temporalReportEvery = Duration.seconds(10);

  /** {@code followup_leads{status}} runs its GROUP BY at most this often, whatever the scrapes. */
  @NotNull @JsonProperty public Duration leadStatusRefresh = Duration.seconds(30);
}

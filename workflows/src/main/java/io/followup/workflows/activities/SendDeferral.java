package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;
import java.time.Instant;

/**
 * A send the workflow held back instead of running it when it came due, recorded as the lead's
 * {@code COMPLIANCE_BLOCKED} event with {@code data.reason}.
 *
 * @param idempotencyKey the key the held-back send will use when it runs
 * @param followUpStep the step (-2 for a long-term nurture touch)
 * @param reason why: {@link #DAILY_CAP}, {@link #REGIONAL_CAP} or {@link #PAUSED}
 * @param deferredUntil when the send may run
 * @param sendsInLastDay the sends counted in the 24 hours before the send came due
 * @param cap the cap in force
 * @param region the region whose rule held the send back ({@code US-FL}); null for the daily cap
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendDeferral(
    String leadId,
    String idempotencyKey,
    int followUpStep,
    Channel channel,
    String reason,
    Instant deferredUntil,
    int sendsInLastDay,
    int cap,
    String region) {

  /** The lead reached {@code maxSendsPerLeadPerDay} in the last 24 hours. */
  public static final String DAILY_CAP = "DAILY_CAP";

  /** The lead's region allows no more calls and texts in a rolling 24 hours ({@code region}). */
  public static final String REGIONAL_CAP = "REGIONAL_CAP";

  /**
   * The operators' send switch holds the channel: recorded once when a send is first held, {@code
   * deferredUntil} its first check.
   */
  public static final String PAUSED = "PAUSED";
}

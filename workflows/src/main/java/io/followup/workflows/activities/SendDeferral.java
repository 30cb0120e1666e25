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
 * @param reason why: {@link #DAILY_CAP}
 * @param deferredUntil when the send may run
 * @param sendsInLastDay the sends counted in the 24 hours before the send came due
 * @param cap the cap in force
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
    int cap) {

  /** The lead reached {@code maxSendsPerLeadPerDay} in the last 24 hours. */
  public static final String DAILY_CAP = "DAILY_CAP";
}

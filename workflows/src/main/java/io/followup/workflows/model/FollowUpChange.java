package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A change sent to a lead's workflow as a Workflow Update. Every field is optional; null means
 * "unchanged". {@code followUpConfig} and {@code followUpStep} drive the schedule (SPEC, Update
 * lead); the next three are lead facts the schedule needs; {@code options} carries the
 * organisation's current settings, so a settings change reaches a running lead with its next update
 * (and is kept across continue-as-new). {@code requestId} is the id of the HTTP request that sent
 * the change: the workflow logs under it and passes it to the activities the change causes. {@code
 * followUpStatus} is {@code PAUSED} (hold the schedule, until {@code resumeAt} when given) or
 * {@code SCHEDULED} (resume a paused one); null leaves a pause as it is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FollowUpChange(
    FollowUpConfig followUpConfig,
    Integer followUpStep,
    Boolean useStrategiesForFollowUps,
    String timezone,
    Boolean unsubscribed,
    FollowUpOptions options,
    String requestId,
    FollowUpStatus followUpStatus,
    Instant resumeAt) {

  public FollowUpChange(
      FollowUpConfig followUpConfig,
      Integer followUpStep,
      Boolean useStrategiesForFollowUps,
      String timezone,
      Boolean unsubscribed) {
    this(
        followUpConfig,
        followUpStep,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        null,
        null,
        null,
        null);
  }

  public FollowUpChange withOptions(FollowUpOptions value) {
    return new FollowUpChange(
        followUpConfig,
        followUpStep,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        value,
        requestId,
        followUpStatus,
        resumeAt);
  }

  public FollowUpChange withRequestId(String value) {
    return new FollowUpChange(
        followUpConfig,
        followUpStep,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        options,
        value,
        followUpStatus,
        resumeAt);
  }

  /** This change with a pause ({@code PAUSED}, until {@code until} or null) or a resume. */
  public FollowUpChange withStatus(FollowUpStatus status, Instant until) {
    return new FollowUpChange(
        followUpConfig,
        followUpStep,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        options,
        requestId,
        status,
        until);
  }

  public static FollowUpChange pause(Instant until) {
    return new FollowUpChange(null, null, null, null, null)
        .withStatus(FollowUpStatus.PAUSED, until);
  }

  public static FollowUpChange resume() {
    return new FollowUpChange(null, null, null, null, null)
        .withStatus(FollowUpStatus.SCHEDULED, null);
  }

  public static FollowUpChange step(int step) {
    return new FollowUpChange(null, step, null, null, null);
  }

  public static FollowUpChange config(FollowUpConfig config) {
    return new FollowUpChange(config, null, null, null, null);
  }

  public static FollowUpChange reset(FollowUpConfig config, int step) {
    return new FollowUpChange(config, step, null, null, null);
  }

  public boolean touchesSchedule() {
    return followUpConfig != null || followUpStep != null || followUpStatus != null;
  }
}

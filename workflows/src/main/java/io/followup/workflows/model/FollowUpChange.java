package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A change sent to a lead's workflow as a Workflow Update. Every field is optional; null means
 * "unchanged". {@code followUpConfig} and {@code followUpStep} drive the schedule (SPEC, Update
 * lead); the next three are lead facts the schedule needs; {@code options} carries the
 * organisation's current settings, so a settings change reaches a running lead with its next update
 * (and is kept across continue-as-new). {@code requestId} is the id of the HTTP request that sent
 * the change: the workflow logs under it and passes it to the activities the change causes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FollowUpChange(
    FollowUpConfig followUpConfig,
    Integer followUpStep,
    Boolean useStrategiesForFollowUps,
    String timezone,
    Boolean unsubscribed,
    FollowUpOptions options,
    String requestId) {

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
        requestId);
  }

  public FollowUpChange withRequestId(String value) {
    return new FollowUpChange(
        followUpConfig,
        followUpStep,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        options,
        value);
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
    return followUpConfig != null || followUpStep != null;
  }
}

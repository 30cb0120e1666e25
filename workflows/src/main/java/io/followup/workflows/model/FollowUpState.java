package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A lead's follow-up state: what the update and the query return, what continue-as-new carries and
 * what the API stores as its projection.
 *
 * @param followUpStep the armed step; -1 stopped, -2 long-term, 0 none
 * @param nextFollowUpAt when the armed step (or nurture touch) runs; null when nothing is due
 * @param nextChannel the channel of that send
 * @param sendSeq sends started so far; the next send's idempotency key uses sendSeq + 1
 * @param changeSeq accepted changes so far
 * @param lastOutcome the last send's outcome (SENT, FAILED, BLOCKED, NO_ANSWER, ...)
 * @param revision bumped by the workflow on every change of this state, whatever its cause: the
 *     order in which stored projections may replace each other
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FollowUpState(
    String leadId,
    FollowUpConfig followUpConfig,
    int followUpStep,
    FollowUpStatus followUpStatus,
    Instant nextFollowUpAt,
    Channel nextChannel,
    boolean useStrategiesForFollowUps,
    String timezone,
    boolean unsubscribed,
    long sendSeq,
    long changeSeq,
    String lastOutcome,
    long revision) {

  public static final int NO_STEP = 0;
  public static final int STOPPED = -1;
  public static final int LONG_TERM = -2;

  public FollowUpState {
    followUpConfig = followUpConfig == null ? FollowUpConfig.EMPTY : followUpConfig;
    followUpStatus = followUpStatus == null ? FollowUpStatus.UNSCHEDULED : followUpStatus;
  }

  public static FollowUpState unscheduled(String leadId) {
    return new FollowUpState(
        leadId,
        FollowUpConfig.EMPTY,
        NO_STEP,
        FollowUpStatus.UNSCHEDULED,
        null,
        null,
        false,
        null,
        false,
        0,
        0,
        null,
        0);
  }

  public FollowUpState withSchedule(
      FollowUpConfig config, int step, FollowUpStatus status, Instant due, Channel channel) {
    return new FollowUpState(
        leadId,
        config,
        step,
        status,
        due,
        channel,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        sendSeq,
        changeSeq,
        lastOutcome,
        revision);
  }

  public FollowUpState withConfig(FollowUpConfig config) {
    return withSchedule(config, followUpStep, followUpStatus, nextFollowUpAt, nextChannel);
  }

  public FollowUpState withNextFollowUpAt(Instant due) {
    return withSchedule(followUpConfig, followUpStep, followUpStatus, due, nextChannel);
  }

  public FollowUpState withLeadFacts(boolean useStrategies, String tz, boolean optedOut) {
    return new FollowUpState(
        leadId,
        followUpConfig,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        nextChannel,
        useStrategies,
        tz,
        optedOut,
        sendSeq,
        changeSeq,
        lastOutcome,
        revision);
  }

  public FollowUpState withSendSeq(long seq) {
    return new FollowUpState(
        leadId,
        followUpConfig,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        nextChannel,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        seq,
        changeSeq,
        lastOutcome,
        revision);
  }

  public FollowUpState withChangeSeq(long seq) {
    return new FollowUpState(
        leadId,
        followUpConfig,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        nextChannel,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        sendSeq,
        seq,
        lastOutcome,
        revision);
  }

  /** The next revision of this state (the workflow calls it on every change). */
  public FollowUpState revised(long previousRevision) {
    return new FollowUpState(
        leadId,
        followUpConfig,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        nextChannel,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        sendSeq,
        changeSeq,
        lastOutcome,
        previousRevision + 1);
  }

  public FollowUpState withLastOutcome(String outcome) {
    return new FollowUpState(
        leadId,
        followUpConfig,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        nextChannel,
        useStrategiesForFollowUps,
        timezone,
        unsubscribed,
        sendSeq,
        changeSeq,
        outcome,
        revision);
  }
}

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
 * @param resumeAt while PAUSED: when the schedule resumes by itself; null: until resumed. While
 *     REPLIED ({@code REPLY_RESUME_HOURS}): when it resumes at its next step if nobody writes
 * @param pausedRemainingMillis while PAUSED: the time the armed step (or nurture touch) had left
 *     when it was paused; it gets that time again when it resumes
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
    long revision,
    Instant resumeAt,
    Long pausedRemainingMillis) {

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
        0,
        null,
        null);
  }

  public FollowUpState withSchedule(
      FollowUpConfig config, int step, FollowUpStatus status, Instant due, Channel channel) {
    Copy c = new Copy(this);
    c.followUpConfig = config;
    c.followUpStep = step;
    c.followUpStatus = status;
    c.nextFollowUpAt = due;
    c.nextChannel = channel;
    if (status != FollowUpStatus.PAUSED) {
      c.resumeAt = null;
      c.pausedRemainingMillis = null;
    }
    return c.build();
  }

  /** Held: nothing is due; the armed step keeps {@code remainingMillis} for when it resumes. */
  public FollowUpState withPause(Instant until, long remainingMillis) {
    Copy c = new Copy(this);
    c.followUpStatus = FollowUpStatus.PAUSED;
    c.nextFollowUpAt = null;
    c.resumeAt = until;
    c.pausedRemainingMillis = remainingMillis;
    return c.build();
  }

  /** A REPLIED lead that resumes at its next step at {@code at} unless the lead writes again. */
  public FollowUpState withQuietResume(Instant at) {
    Copy c = new Copy(this);
    c.resumeAt = at;
    return c.build();
  }

  public FollowUpState withConfig(FollowUpConfig config) {
    Copy c = new Copy(this);
    c.followUpConfig = config;
    return c.build();
  }

  public FollowUpState withNextFollowUpAt(Instant due) {
    return withSchedule(followUpConfig, followUpStep, followUpStatus, due, nextChannel);
  }

  public FollowUpState withLeadFacts(boolean useStrategies, String tz, boolean optedOut) {
    Copy c = new Copy(this);
    c.useStrategiesForFollowUps = useStrategies;
    c.timezone = tz;
    c.unsubscribed = optedOut;
    return c.build();
  }

  public FollowUpState withSendSeq(long seq) {
    Copy c = new Copy(this);
    c.sendSeq = seq;
    return c.build();
  }

  public FollowUpState withChangeSeq(long seq) {
    Copy c = new Copy(this);
    c.changeSeq = seq;
    return c.build();
  }

  /** The next revision of this state (the workflow calls it on every change). */
  public FollowUpState revised(long previousRevision) {
    Copy c = new Copy(this);
    c.revision = previousRevision + 1;
    return c.build();
  }

  public FollowUpState withLastOutcome(String outcome) {
    Copy c = new Copy(this);
    c.lastOutcome = outcome;
    return c.build();
  }

  /** A state's fields to change one by one: each {@code with...} names only what it changes. */
  private static final class Copy {
    private final String leadId;
    private FollowUpConfig followUpConfig;
    private int followUpStep;
    private FollowUpStatus followUpStatus;
    private Instant nextFollowUpAt;
    private Channel nextChannel;
    private boolean useStrategiesForFollowUps;
    private String timezone;
    private boolean unsubscribed;
    private long sendSeq;
    private long changeSeq;
    private String lastOutcome;
    private long revision;
    private Instant resumeAt;
    private Long pausedRemainingMillis;

    Copy(FollowUpState s) {
      leadId = s.leadId;
      followUpConfig = s.followUpConfig;
      followUpStep = s.followUpStep;
      followUpStatus = s.followUpStatus;
      nextFollowUpAt = s.nextFollowUpAt;
      nextChannel = s.nextChannel;
      useStrategiesForFollowUps = s.useStrategiesForFollowUps;
      timezone = s.timezone;
      unsubscribed = s.unsubscribed;
      sendSeq = s.sendSeq;
      changeSeq = s.changeSeq;
      lastOutcome = s.lastOutcome;
      revision = s.revision;
      resumeAt = s.resumeAt;
      pausedRemainingMillis = s.pausedRemainingMillis;
    }

    FollowUpState build() {
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
          revision,
          resumeAt,
          pausedRemainingMillis);
    }
  }
}

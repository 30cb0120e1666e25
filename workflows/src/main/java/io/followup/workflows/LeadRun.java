package io.followup.workflows;

import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.LeadFollowUpInput;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;

/**
 * What one run of a lead's workflow holds and every part of it reads: the state, the options, and
 * whether the armed send waits for the send rules. Workflow code only.
 */
final class LeadRun {
  private FollowUpState state;
  private FollowUpOptions options;

  /**
   * The armed send came due and waits for the send rules (window, daily or regional cap): its
   * instant was computed from the settings, so new settings compute it again.
   */
  boolean sendDeferred;

  /**
   * The due send waits for the operators' send switch and its event is recorded: the next checks
   * while the pause lasts record nothing more (not carried across continue-as-new: at most one
   * event more).
   */
  boolean heldByPause;

  /** New settings arrived while {@link #sendDeferred}: the loop evaluates the send again. */
  boolean reevaluate;

  /**
   * The request id of the latest change (null until one arrives with an id): the loop logs under it
   * and hands it to the activities it schedules ({@link RequestIds}). Not part of the state.
   */
  private String requestId;

  LeadRun(LeadFollowUpInput input) {
    this.state = input.state();
    this.options = input.options();
    this.sendDeferred = input.sendDeferred();
  }

  FollowUpState state() {
    return state;
  }

  FollowUpOptions options() {
    return options;
  }

  void options(FollowUpOptions next) {
    options = next;
  }

  /** Every change of the state goes through here, so its revision orders stored projections. */
  void revise(FollowUpState next) {
    state = next.revised(state.revision());
  }

  /** Search attributes (only those that changed) and the markdown the Temporal UI shows. */
  void publish() {
    OperatorView.publish(state, options);
  }

  Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** Logs (and lets activities carry) the request id of a change that has one. */
  void useRequestId(String id) {
    if (id != null) {
      requestId = id;
      RequestIds.use(id);
    }
  }

  /** The latest change's request id again, for the loop's own log lines. */
  void restoreRequestId() {
    if (requestId != null) {
      RequestIds.use(requestId);
    }
  }

  boolean continueAsNewDue() {
    WorkflowInfo info = Workflow.getInfo();
    double runDays =
        (Workflow.currentTimeMillis() - info.getRunStartedTimestampMillis()) / 86_400_000d;
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() > options.maxHistoryEvents()
        || runDays > options.maxRunDays();
  }

  /** Only an armed step or a nurture touch can come due; anything else waits for a change. */
  boolean isDue() {
    return switch (state.followUpStatus()) {
      case LONG_TERM -> true;
      case SCHEDULED -> state.followUpConfig().has(state.followUpStep());
      case STOPPED, REPLIED, UNSCHEDULED, PAUSED -> false;
    };
  }

  /** What the armed timer waits for, as the Temporal UI labels it. */
  String label() {
    return switch (state.followUpStatus()) {
      case LONG_TERM -> "long-term nurture · " + options.nurtureChannel().wireName();
      case PAUSED ->
          "paused · step "
              + state.followUpStep()
              + (state.resumeAt() == null ? " · until resumed" : " · resumes " + state.resumeAt());
      default ->
          "step "
              + state.followUpStep()
              + " · "
              + (state.nextChannel() == null ? "-" : state.nextChannel().wireName());
    };
  }

  boolean nurturing() {
    return state.followUpStatus() == FollowUpStatus.LONG_TERM;
  }
}

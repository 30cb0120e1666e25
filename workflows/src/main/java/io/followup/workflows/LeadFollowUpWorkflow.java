package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per lead, id {@link WorkflowIds#forLead}, on {@link TaskQueues#WORKFLOWS}. Owns the lead's
 * follow-up schedule for the lead's lifetime; it never completes (continue-as-new keeps its history
 * bounded).
 */
@WorkflowInterface
public interface LeadFollowUpWorkflow {

  String APPLY_CHANGE = "applyChange";

  @WorkflowMethod
  void run(LeadFollowUpInput input);

  /** Applies a follow-up change (SPEC, Update lead) and returns the state it produced. */
  @UpdateMethod(name = APPLY_CHANGE)
  FollowUpState applyChange(FollowUpChange change);

  /**
   * Rejects a change that breaks a rule with a non-retryable ApplicationFailure of type {@link
   * io.followup.workflows.model.FollowUpRejection#TYPE} (first detail: the field). A rejected
   * change is never written to the history and changes nothing.
   */
  @UpdateValidatorMethod(updateName = APPLY_CHANGE)
  void validateChange(FollowUpChange change);

  String APPLY_SETTINGS = "applySettings";

  /**
   * Replaces the organisation's settings the workflow runs with (the operators' {@code
   * rollout-settings}). A send that came due and waits for a sending window or a cap is evaluated
   * again under the new settings (its instant may move, or it goes now); an armed timer that has
   * not fired yet keeps its instant and meets the new settings when it fires.
   *
   * @return false when the workflow had these settings already (nothing changed)
   */
  @UpdateMethod(name = APPLY_SETTINGS)
  boolean applySettings(FollowUpOptions options);

  /** Rejects a missing settings object; the settings' own rules are checked where they are read. */
  @UpdateValidatorMethod(updateName = APPLY_SETTINGS)
  void validateSettings(FollowUpOptions options);

  String RECORD_INBOUND = "recordInbound";

  /**
   * What the lead said (SPEC "Conversations"), sent by the API once the inbound text is stored. A
   * reply with {@code stopOnReply} moves a scheduled or long-term lead to REPLIED (nothing due, the
   * armed timer cancelled; a send already running finishes and schedules nothing more); an opt-out
   * or opt-in sets {@link FollowUpState#unsubscribed()} and the schedule goes on (the worker blocks
   * the texts and calls of an opted-out lead).
   *
   * @return the state it produced
   */
  @UpdateMethod(name = RECORD_INBOUND)
  FollowUpState recordInbound(Inbound inbound);

  /** Rejects a missing inbound or kind. */
  @UpdateValidatorMethod(updateName = RECORD_INBOUND)
  void validateInbound(Inbound inbound);

  @QueryMethod
  FollowUpState state();
}

package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpState;
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

  @QueryMethod
  FollowUpState state();
}

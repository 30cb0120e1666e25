package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
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

  String SEND_MESSAGE = "sendMessage";

  /**
   * Accepts a one-off text ({@code POST /v1/leads/{id}/sendMessage}): it goes at its {@code sendAt}
   * (after the sending window opens, unless it overrides it), through the text fleet, on its own
   * timer; several can be pending at once and the follow-up timer is left alone. A message already
   * accepted (same id) is not added twice.
   *
   * @return the message as accepted
   */
  @UpdateMethod(name = SEND_MESSAGE)
  OneOffMessage sendMessage(OneOffMessage message);

  /**
   * Rejects a message to an opted-out lead (field {@code optedOut}) and, unless {@code
   * sendWhenOff}, one to a lead whose follow-ups are STOPPED or REPLIED (field {@code
   * sendWhenOff}): a {@link io.followup.workflows.model.FollowUpRejection}, as {@link
   * #validateChange}.
   */
  @UpdateValidatorMethod(updateName = SEND_MESSAGE)
  void validateMessage(OneOffMessage message);

  @QueryMethod
  FollowUpState state();

  /** The one-off messages accepted and not sent yet, in the order they were accepted. */
  @QueryMethod
  java.util.List<OneOffMessage> pendingMessages();
}

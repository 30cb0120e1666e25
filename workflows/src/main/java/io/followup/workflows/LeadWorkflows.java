package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/** The client side of a lead's workflow: how callers start it and send it changes. */
public final class LeadWorkflows {
  private LeadWorkflows() {}

  public static WorkflowOptions options(String leadId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.forLead(leadId))
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setStaticSummary("Follow-up schedule of lead " + leadId)
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder().set(FollowUpSearchAttributes.LEAD_ID, leadId).build())
        .build();
  }

  /**
   * Sends {@code change} to the lead's workflow, starting it from {@code input} when no run is open
   * (update-with-start, USE_EXISTING), and waits for the state it produced. A rejected change
   * surfaces as a {@link io.temporal.client.WorkflowUpdateException} whose cause is an
   * ApplicationFailure of type {@link io.followup.workflows.model.FollowUpRejection#TYPE}.
   *
   * @param updateId makes a retried call apply once (Temporal dedupes updates by id); null for a
   *     fresh id
   */
  public static FollowUpState applyWithStart(
      WorkflowClient client, LeadFollowUpInput input, FollowUpChange change, String updateId) {
    LeadFollowUpWorkflow workflow =
        client.newWorkflowStub(LeadFollowUpWorkflow.class, options(input.leadId()));
    UpdateOptions<FollowUpState> update =
        updateOptions(LeadFollowUpWorkflow.APPLY_CHANGE, FollowUpState.class, updateId);
    return WorkflowClient.executeUpdateWithStart(
        workflow::applyChange,
        change,
        update,
        new WithStartWorkflowOperation<>(workflow::run, input));
  }

  /**
   * Sends {@code change} as a plain Workflow Update to the lead's open run, and only when there is
   * none (a first change, a run that closed or vanished) as {@link #applyWithStart}: the common
   * case carries the change alone, not the whole stored state and options a start needs, and is the
   * cheaper call on the service (docs/BENCHMARKS.md). The same {@code updateId} goes to both, so a
   * retry still applies once; a rejection surfaces as from {@link #applyWithStart}.
   */
  public static FollowUpState apply(
      WorkflowClient client, LeadFollowUpInput input, FollowUpChange change, String updateId) {
    UpdateOptions<FollowUpState> update =
        updateOptions(LeadFollowUpWorkflow.APPLY_CHANGE, FollowUpState.class, updateId);
    try {
      return client
          .newUntypedWorkflowStub(WorkflowIds.forLead(input.leadId()))
          .startUpdate(update, change)
          .getResult();
    } catch (WorkflowNotFoundException e) {
      return applyWithStart(client, input, change, updateId);
    }
  }

  /**
   * Tells the lead's workflow what the lead said, starting it from {@code input} when no run is
   * open (update-with-start, USE_EXISTING), and waits for the state it produced.
   *
   * @param updateId makes a retried call apply once; null for a fresh id
   */
  public static FollowUpState recordInboundWithStart(
      WorkflowClient client, LeadFollowUpInput input, Inbound inbound, String updateId) {
    LeadFollowUpWorkflow workflow =
        client.newWorkflowStub(LeadFollowUpWorkflow.class, options(input.leadId()));
    UpdateOptions<FollowUpState> update =
        updateOptions(LeadFollowUpWorkflow.RECORD_INBOUND, FollowUpState.class, updateId);
    return WorkflowClient.executeUpdateWithStart(
        workflow::recordInbound,
        inbound,
        update,
        new WithStartWorkflowOperation<>(workflow::run, input));
  }

  /**
   * Hands a one-off message to the lead's workflow, starting it from {@code input} when no run is
   * open (update-with-start, USE_EXISTING), and waits for the message as accepted. A rejection
   * surfaces as {@link #applyWithStart}'s does.
   *
   * @param updateId makes a retried call apply once; null for a fresh id
   */
  public static OneOffMessage sendMessageWithStart(
      WorkflowClient client, LeadFollowUpInput input, OneOffMessage message, String updateId) {
    LeadFollowUpWorkflow workflow =
        client.newWorkflowStub(LeadFollowUpWorkflow.class, options(input.leadId()));
    UpdateOptions<OneOffMessage> update =
        updateOptions(LeadFollowUpWorkflow.SEND_MESSAGE, OneOffMessage.class, updateId);
    return WorkflowClient.executeUpdateWithStart(
        workflow::sendMessage,
        message,
        update,
        new WithStartWorkflowOperation<>(workflow::run, input));
  }

  /**
   * The rule a rejected change broke, if {@code error} is such a rejection. SDK 1.38 hands the
   * validator's failure to the client wrapped, with its type and details replaced, so the rejection
   * is recognised by its message: {@link FollowUpRejection#encode}.
   */
  public static Optional<FollowUpRejection> rejection(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        Optional<FollowUpRejection> decoded =
            FollowUpRejection.decode(failure.getOriginalMessage());
        if (decoded.isPresent()) {
          return decoded;
        }
      }
    }
    return Optional.empty();
  }

  /** Waits for the update's completion; {@code updateId} null lets the client make a fresh one. */
  private static <R> UpdateOptions<R> updateOptions(
      String name, Class<R> resultClass, String updateId) {
    UpdateOptions.Builder<R> update =
        UpdateOptions.<R>newBuilder()
            .setUpdateName(name)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .setResultClass(resultClass);
    if (updateId != null) {
      update.setUpdateId(updateId);
    }
    return update.build();
  }
}

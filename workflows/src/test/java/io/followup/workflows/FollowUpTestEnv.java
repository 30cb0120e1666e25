package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.SendingWindow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;

/**
 * A time-skipping Temporal service with the lead workflow and recording channel fleets, starting at
 * a fixed instant so timelines read as absolute times.
 */
final class FollowUpTestEnv implements AutoCloseable {
  /** A Monday, 12:00 UTC. */
  static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

  static final FollowUpOptions OPTIONS =
      FollowUpOptions.DEFAULTS.withSendingWindow(SendingWindow.ALWAYS);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final RecordingChannels channels;

  FollowUpTestEnv() {
    this(TestEnvironmentOptions.newBuilder().setInitialTime(T0).build());
  }

  /** With the client's own options (an interceptor that records its calls, say). */
  FollowUpTestEnv(WorkflowClientOptions clientOptions) {
    this(
        TestEnvironmentOptions.newBuilder()
            .setInitialTime(T0)
            .setWorkflowClientOptions(clientOptions)
            .build());
  }

  private FollowUpTestEnv(TestEnvironmentOptions options) {
    env = TestWorkflowEnvironment.newInstance(options);
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    client = env.getWorkflowClient();
    channels = new RecordingChannels(env);
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(LeadFollowUpWorkflowImpl.class);
    workflows.registerActivitiesImplementations(channels);
    // one object serves every fleet in tests; each queue only dispatches its own activity types
    for (String queue : new String[] {TaskQueues.TEXT, TaskQueues.CALL, TaskQueues.EMAIL}) {
      env.newWorker(queue).registerActivitiesImplementations(channels);
    }
    env.start();
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** Sleeps until {@code T0 + offset} (virtual time). */
  void sleepUntil(Duration offset) {
    Duration left = Duration.between(now(), T0.plus(offset));
    if (!left.isNegative() && !left.isZero()) {
      env.sleep(left);
    }
  }

  FollowUpState apply(String leadId, FollowUpChange change) {
    return apply(leadId, change, OPTIONS);
  }

  FollowUpState apply(String leadId, FollowUpChange change, FollowUpOptions options) {
    return LeadWorkflows.applyWithStart(
        client, new LeadFollowUpInput(leadId, null, options), change, null);
  }

  FollowUpState inbound(String leadId, Inbound inbound) {
    return LeadWorkflows.recordInboundWithStart(
        client, new LeadFollowUpInput(leadId, null, OPTIONS), inbound, null);
  }

  /** The lead's open run, for plain Updates (the API's call once a run is open). */
  LeadFollowUpWorkflow workflow(String leadId) {
    return client.newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(leadId));
  }

  FollowUpState query(String leadId) {
    return client.newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(leadId)).state();
  }

  WorkflowStub stub(String leadId) {
    return client.newUntypedWorkflowStub(WorkflowIds.forLead(leadId));
  }

  WorkflowExecutionHistory history(String leadId) {
    return client.fetchHistory(WorkflowIds.forLead(leadId));
  }

  @Override
  public void close() {
    env.close();
  }
}

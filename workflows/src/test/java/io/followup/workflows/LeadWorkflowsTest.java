package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.StepConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeadWorkflows#apply}: a change to an open run is a plain Update (the change alone), and
 * only a lead without an open run gets update-with-start (the whole input): the calls the client
 * made are recorded by an interceptor.
 */
class LeadWorkflowsTest {
  private static final String LEAD = "lead-1";
  private static final FollowUpConfig TWO_STEPS =
      FollowUpConfig.of(
          Map.of(1, StepConfig.of(24, Channel.TEXT), 2, StepConfig.of(48, Channel.CALL)));

  private final List<String> calls = new ArrayList<>();
  private FollowUpTestEnv t;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    t =
        new FollowUpTestEnv(
            WorkflowClientOptions.newBuilder()
                .setInterceptors(new Recording())
                .validateAndBuildWithDefaults());
    client = t.client;
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private FollowUpState apply(FollowUpChange change, String updateId) {
    return LeadWorkflows.apply(
        client, new LeadFollowUpInput(LEAD, null, OPTIONS), change.withOptions(OPTIONS), updateId);
  }

  @Test
  void aLeadWithoutARunIsStartedThenChangesArePlainUpdates() {
    FollowUpState created = apply(FollowUpChange.reset(TWO_STEPS, 1), "u1");
    assertThat(created.followUpStep()).isEqualTo(1);
    assertThat(calls).containsExactly("update", "updateWithStart");

    calls.clear();
    FollowUpState moved = apply(FollowUpChange.step(2), "u2");
    assertThat(moved.followUpStep()).isEqualTo(2);
    assertThat(moved.revision()).isEqualTo(created.revision() + 1);
    assertThat(calls).containsExactly("update");
  }

  @Test
  void aRetriedUpdateIdAppliesOnce() {
    apply(FollowUpChange.reset(TWO_STEPS, 1), "u1");
    FollowUpState first = apply(FollowUpChange.step(2), "u2");
    FollowUpState again = apply(FollowUpChange.step(2), "u2");
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aClosedRunIsStartedAgainFromTheInput() {
    apply(FollowUpChange.reset(TWO_STEPS, 1), "u1");
    client.newUntypedWorkflowStub(WorkflowIds.forLead(LEAD)).terminate("test");

    calls.clear();
    FollowUpState restarted = apply(FollowUpChange.reset(TWO_STEPS, 2), "u2");
    assertThat(restarted.followUpStep()).isEqualTo(2);
    assertThat(calls).containsExactly("update", "updateWithStart");
  }

  @Test
  void aRejectionThroughThePlainUpdateNamesTheRule() {
    apply(FollowUpChange.reset(TWO_STEPS, 1), "u1");
    assertThatThrownBy(() -> apply(FollowUpChange.step(9), "u2"))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("followUpStep")));
    assertThat(calls).last().isEqualTo("update");
  }

  private final class Recording extends WorkflowClientInterceptorBase {
    @Override
    public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
        WorkflowClientCallsInterceptor next) {
      return new WorkflowClientCallsInterceptorBase(next) {
        @Override
        public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
          calls.add("update");
          return super.startUpdate(input);
        }

        @Override
        public <R> WorkflowUpdateWithStartOutput<R> updateWithStart(
            WorkflowUpdateWithStartInput<R> input) {
          calls.add("updateWithStart");
          return super.updateWithStart(input);
        }
      };
    }
  }
}

package io.followup.worker;

import static io.followup.worker.support.Envs.config;
import static io.followup.worker.support.Envs.lead;
import static io.followup.worker.support.Envs.startLead;
import static io.followup.worker.support.Envs.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.support.Envs;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.TaskQueues;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/*
 * A send on a queue no worker polls would show a role subset from outside, but the test service
 * does not skip time while an activity task is outstanding, so such a test would wait the real
 * schedule-to-close timeout; the registered workers are asserted instead.
 */
@Timeout(60)
class WorkerRolesTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final LoggingProvider text = new LoggingProvider();
  private final LoggingProvider voice = new LoggingProvider(false);
  private final LoggingProvider email = new LoggingProvider();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final WorkerDependencies deps =
      new WorkerDependencies(
          ledger, leads, projections, null, text, voice, email, null, null, null, null, null, null);
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env = Envs.newEnv();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void aWorkerWithEveryRoleRunsALeadThroughEveryChannel() {
    leads.put(lead("L1"));
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();

    startLead(
        env,
        "L1",
        config(
            step(1, Channel.TEXT),
            new StepConfig(2, Channel.CALL, true, null),
            step(3, Channel.EMAIL)));
    env.sleep(Duration.ofHours(7));

    assertThat(ledger.listByLead("L1"))
        .extracting(LedgerEntry::idempotencyKey, LedgerEntry::channel, e -> e.result().status())
        .containsExactly(
            tuple("L1:1", Channel.TEXT, DeliveryStatus.SENT),
            tuple("L1:2", Channel.CALL, DeliveryStatus.NO_ANSWER),
            tuple("L1:2:voicemail", Channel.VOICEMAIL, DeliveryStatus.SENT),
            tuple("L1:3", Channel.EMAIL, DeliveryStatus.SENT));
    assertThat(ledger.find("L1:3").orElseThrow().result().subject())
        .startsWith("Following up, Ada");
    assertThat(text.sendCount()).isEqualTo(1);
    assertThat(voice.sendCount()).isEqualTo(2);
    assertThat(email.sendCount()).isEqualTo(1);
    LeadFollowUpWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead("L1"));
    assertThat(workflow.state().followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(workflow.state().lastOutcome()).isEqualTo("SENT");
    // the workflows role also stores the state the workflow reached on its own
    assertThat(projections.find("L1").orElseThrow())
        .extracting(FollowUpState::followUpStatus, FollowUpState::sendSeq)
        .containsExactly(FollowUpStatus.LONG_TERM, 3L);
  }

  @Test
  void aWorkerRegistersOnlyTheQueuesOfItsRoles() {
    FollowUpWorker.attach(
        env.getWorkerFactory(),
        WorkerSettings.of(EnumSet.of(WorkerRole.WORKFLOWS, WorkerRole.TEXT)),
        deps);
    WorkerFactory factory = env.getWorkerFactory();

    assertThat(factory.tryGetWorker(TaskQueues.WORKFLOWS)).isNotNull();
    assertThat(factory.tryGetWorker(TaskQueues.TEXT)).isNotNull();
    assertThat(factory.tryGetWorker(TaskQueues.CALL)).isNull();
    assertThat(factory.tryGetWorker(TaskQueues.EMAIL)).isNull();
  }

  @Test
  void startOwnsItsFactoryAndCloseShutsItDown() {
    FollowUpWorker worker =
        FollowUpWorker.start(
            env.getWorkflowClient(),
            WorkerSettings.of(EnumSet.of(WorkerRole.EMAIL))
                .withRateLimit(WorkerRole.EMAIL, 5)
                .withShutdownWait(Duration.ofSeconds(5)),
            deps);
    WorkerFactory factory = worker.factory();
    assertThat(factory).isNotSameAs(env.getWorkerFactory());
    assertThat(factory.isStarted()).isTrue();
    assertThat(factory.tryGetWorker(TaskQueues.TEXT)).isNull();
    assertThat(
            factory
                .getWorker(TaskQueues.EMAIL)
                .getWorkerOptions()
                .getMaxTaskQueueActivitiesPerSecond())
        .isEqualTo(5.0);
    // the in-memory service ignores the task queue's limit: the worker holds itself to it too
    assertThat(
            factory
                .getWorker(TaskQueues.EMAIL)
                .getWorkerOptions()
                .getMaxWorkerActivitiesPerSecond())
        .isEqualTo(5.0);

    worker.close();

    assertThat(factory.isTerminated()).isTrue();
  }

  @Test
  void aRoleWithoutItsProviderIsRejectedBeforeAnyQueueIsRegistered() {
    WorkerDependencies noVoice =
        new WorkerDependencies(
            ledger,
            leads,
            projections,
            null,
            text,
            null,
            email,
            null,
            null,
            null,
            null,
            null,
            null);
    WorkerDependencies noProjections =
        new WorkerDependencies(
            ledger, leads, null, null, text, voice, email, null, null, null, null, null, null);

    assertThatThrownBy(
            () ->
                FollowUpWorker.attach(
                    env.getWorkerFactory(),
                    WorkerSettings.of(EnumSet.of(WorkerRole.TEXT, WorkerRole.CALL)),
                    noVoice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("call");
    assertThatThrownBy(
            () ->
                FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), noProjections))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflows");
    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.TEXT)).isNull();
    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.WORKFLOWS)).isNull();
  }

  @Test
  void parsesAnySubsetOfRolesInAnyCase() {
    assertThat(WorkerRole.parse("workflows,text,call,email"))
        .containsExactlyInAnyOrder(WorkerRole.values());
    assertThat(WorkerRole.parse(" Text, ,EMAIL ,"))
        .containsExactlyInAnyOrder(WorkerRole.TEXT, WorkerRole.EMAIL);
    assertThat(WorkerRole.parse("call,CALL")).containsExactly(WorkerRole.CALL);
  }

  @Test
  void rejectsAnUnknownRoleByNameAndAnEmptyList() {
    assertThatThrownBy(() -> WorkerRole.parse("text,sms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sms'");
    assertThatThrownBy(() -> WorkerRole.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no worker role");
    assertThatThrownBy(() -> WorkerRole.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsANonPositiveRateLimit() {
    assertThatThrownBy(() -> WorkerSettings.all().withRateLimit(WorkerRole.TEXT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text");
  }
}

package io.followup.worker.strategy;

import static io.followup.worker.support.Envs.config;
import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.strategy.InMemoryStrategyCatalog;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.Envs;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.LeadFollowUpWorkflowImpl;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lead whose step says {@code "auto"}: the first attempt picks a strategy and its worker dies
 * before the send; the tallies change (a fresh draw would now pick the other strategy) and a new
 * worker takes over. The retry sends the kept pick, the activity result in the history carries it,
 * the ledger (the lead's send event) records it with the strategy's rendered template, and the
 * history replays on the current code, the committed copy too ({@code
 * histories/strategy-auto.json}; {@code -Dhistories.record=true} rewrites it).
 */
@Timeout(90)
class StrategyReplayTest {
  private static final Path COMMITTED = Path.of("src/test/resources/histories/strategy-auto.json");

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryStrategyCatalog catalog =
      new InMemoryStrategyCatalog()
          .put(InMemoryStrategyCatalog.text("alpha", "Alpha for {{firstName}}"))
          .put(InMemoryStrategyCatalog.text("beta", "Beta for {{firstName}}"))
          .tally("alpha", 100, 10)
          .tally("beta", 100, 10);
  private TestWorkflowEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private FollowUpWorker worker(ChannelProvider text) {
    // a new renderer and picker: nothing survives the restart but the stores
    return FollowUpWorker.start(
        env.getWorkflowClient(),
        WorkerSettings.all(),
        new WorkerDependencies(
            ledger,
            leads,
            new InMemoryLeadProjections(),
            new MessageRenderer().withStrategies(catalog),
            text,
            new ScriptedProvider(Mode.ACCEPT),
            new ScriptedProvider(Mode.ACCEPT),
            null,
            null,
            null,
            null,
            null,
            null));
  }

  @Test
  void theAutoPickSurvivesAWorkerRestartAndIsInTheHistoryTheEventAndTheContent() throws Exception {
    env = Envs.newEnv();
    leads.put(lead("L"));
    AtomicInteger dyingAttempts = new AtomicInteger();
    FollowUpWorker first =
        worker(
            new ChannelProvider() {
              @Override
              public ProviderReceipt deliver(Delivery delivery) {
                dyingAttempts.incrementAndGet();
                throw ProviderException.notSent(
                    "the worker is going down", Duration.ofSeconds(3), null);
              }

              @Override
              public Optional<ProviderReceipt> lookup(String idempotencyKey) {
                return Optional.empty();
              }
            });
    LeadWorkflows.applyWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput("L", null, Envs.OPTIONS),
        new FollowUpChange(
            config(new StepConfig(0, Channel.TEXT, null, List.of(StepConfig.AUTO))),
            1,
            true,
            null,
            null),
        null);
    for (int i = 0; i < 100 && dyingAttempts.get() == 0; i++) {
      env.sleep(Duration.ofSeconds(1));
    }
    assertThat(dyingAttempts).hasValue(1);
    first.close();
    String picked = catalog.keptPick("L:1").orElseThrow().strategyId();
    String other = picked.equals("alpha") ? "beta" : "alpha";
    // a fresh draw would now take the other one
    catalog.tally(picked, 1000, 0).tally(other, 1000, 900);

    ScriptedProvider text = new ScriptedProvider(Mode.ACCEPT);
    FollowUpWorker second = worker(text);
    // in real time: a task the stopped worker's pollers had taken times out first (time skipping
    // waits for it, so env.sleep would not return before it does)
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (ledger.find("L:1").map(e -> e.pending()).orElse(true) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }

    RecordedSend sent = ledger.find("L:1").orElseThrow().result();
    assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(sent.strategyId()).isEqualTo(picked);
    String template = picked.equals("alpha") ? "Alpha for Ada" : "Beta for Ada";
    assertThat(sent.content()).isEqualTo(template);
    assertThat(text.handedOver)
        .singleElement()
        .satisfies(d -> assertThat(d.body()).isEqualTo(template));

    WorkflowExecutionHistory history =
        env.getWorkflowClient().fetchHistory(WorkflowIds.forLead("L"));
    assertThat(sendResults(history))
        .anySatisfy(r -> assertThat(r).contains("\"strategyId\":\"" + picked + "\""));
    WorkflowReplayer.replayWorkflowExecution(history, LeadFollowUpWorkflowImpl.class);
    second.close();
    if (Boolean.getBoolean("histories.record")) {
      Files.createDirectories(COMMITTED.getParent());
      Files.writeString(COMMITTED, history.toJson(true));
    }
  }

  @Test
  void theCommittedAutoHistoryReplaysAndCarriesThePick() throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(COMMITTED));

    WorkflowReplayer.replayWorkflowExecution(history, LeadFollowUpWorkflowImpl.class);
    assertThat(sendResults(history))
        .anySatisfy(r -> assertThat(r).containsPattern("\"strategyId\":\"(alpha|beta)\""));
  }

  /** The results of the completed activities, as JSON. */
  private static List<String> sendResults(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
        .map(e -> e.getActivityTaskCompletedEventAttributes().getResult())
        .flatMap(p -> p.getPayloadsList().stream())
        .map(p -> p.getData().toStringUtf8())
        .toList();
  }
}

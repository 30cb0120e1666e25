package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.EnvironmentClock;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A text whose window closes while it is retried (the provider down from 20:58 to 21:05 in New
 * York) is blocked {@code WINDOW_CLOSED} and its step is not lost: it waits for the next opening
 * (Tuesday 08:00) and is sent then, once. T0 is Monday 2026-01-05 20:55 in New York.
 */
@Timeout(90)
class WindowClosedTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-06T01:55:00Z");
  private static final Instant PROVIDER_BACK = Instant.parse("2026-01-06T02:05:00Z");
  private static final Instant TUESDAY_0800 = Instant.parse("2026-01-06T13:00:00Z");

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final List<Instant> handedOver = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment env;

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** Down (a transient error, retried) until {@link #PROVIDER_BACK}; then accepts every text. */
  private final ChannelProvider texts =
      new ChannelProvider() {
        private final LoggingProvider log = new LoggingProvider();

        @Override
        public ProviderReceipt deliver(Delivery delivery) {
          if (now().isBefore(PROVIDER_BACK)) {
            throw ProviderException.temporary("down");
          }
          handedOver.add(now());
          return log.deliver(delivery);
        }

        @Override
        public Optional<ProviderReceipt> lookup(String idempotencyKey) {
          return log.lookup(idempotencyKey);
        }
      };

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(T0).build());
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    WorkerDependencies deps =
        new WorkerDependencies(
            ledger,
            leads,
            projections,
            null,
            texts,
            new LoggingProvider(),
            new LoggingProvider(),
            null,
            null,
            null,
            null,
            new EnvironmentClock(env),
            null);
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void aTextBlockedWindowClosedIsSentAtTheNextOpening() {
    leads.put(
        new Lead(
            "late",
            "Ada",
            "Lovelace",
            "+12125550123",
            null,
            "America/New_York",
            Map.of(),
            false,
            false,
            null));
    TreeMap<Integer, StepConfig> steps = new TreeMap<>();
    // due 20:58 local, two minutes before the window closes
    steps.put(1, StepConfig.of(0.05, Channel.TEXT));
    LeadWorkflows.applyWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput(
            "late", null, FollowUpOptions.DEFAULTS.withSendingWindow(SendingWindow.DEFAULT)),
        FollowUpChange.reset(new FollowUpConfig(steps), 1),
        null);

    env.sleep(Duration.between(now(), Instant.parse("2026-01-06T03:00:00Z")));
    assertThat(handedOver).isEmpty();
    assertThat(ledger.listByLead("late"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result().status()).isEqualTo(DeliveryStatus.BLOCKED);
              assertThat(e.result().reason()).isEqualTo(BlockReason.WINDOW_CLOSED);
            });
    // the step still waits, for Tuesday's opening (within the window-open spread)
    Instant due = projections.find("late").orElseThrow().nextFollowUpAt();
    assertThat(due).isBetween(TUESDAY_0800, TUESDAY_0800.plus(Duration.ofHours(1)));
    assertThat(projections.find("late").orElseThrow().followUpStep()).isEqualTo(1);

    env.sleep(Duration.between(now(), TUESDAY_0800.plus(Duration.ofHours(2))));
    assertThat(handedOver)
        .singleElement()
        .satisfies(at -> assertThat(at).isBetween(TUESDAY_0800, due.plusSeconds(5)));
    assertThat(ledger.listByLead("late").stream().map(LedgerEntry::result).map(r -> r.status()))
        .containsExactlyInAnyOrder(DeliveryStatus.BLOCKED, DeliveryStatus.SENT);
  }
}

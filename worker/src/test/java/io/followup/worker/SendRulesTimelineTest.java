package io.followup.worker;

import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.EnvironmentClock;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lead's sends held back by the real send rules (the worker's local activity, the built-in
 * regional rules, the lead's phone from the directory). T0 is Monday 2026-01-05 12:00 UTC, 07:00 in
 * Miami and New York, 04:00 in Los Angeles.
 */
@Timeout(60)
class SendRulesTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");
  private static final FollowUpOptions OPTIONS =
      FollowUpOptions.DEFAULTS.withSendingWindow(SendingWindow.DEFAULT);

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final List<Instant> texts = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment env;

  /** Records when each text reached the provider (virtual time). */
  private final ChannelProvider clockedTexts =
      new ChannelProvider() {
        private final LoggingProvider log = new LoggingProvider();

        @Override
        public ProviderReceipt deliver(Delivery delivery) {
          texts.add(Instant.ofEpochMilli(env.currentTimeMillis()));
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
            clockedTexts,
            new LoggingProvider(),
            new LoggingProvider(),
            null,
            null,
            null,
            null,
            // the senders read the skipped time: a text's window closes on the workflow's clock
            new EnvironmentClock(env),
            null);
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void start(String leadId, String phone, FollowUpConfig config) {
    // no timezone: the rules place the lead by its phone
    leads.put(new Lead(leadId, "Ada", "Lovelace", phone, null, null, Map.of(), false, false, null));
    LeadWorkflows.applyWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput(leadId, null, OPTIONS),
        FollowUpChange.reset(config, 1),
        null);
  }

  private void sleepUntil(Duration offset) {
    env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), T0.plus(offset)));
  }

  private static FollowUpConfig texts(double... hours) {
    java.util.TreeMap<Integer, StepConfig> steps = new java.util.TreeMap<>();
    for (int i = 0; i < hours.length; i++) {
      steps.put(i + 1, StepConfig.of(hours[i], Channel.TEXT));
    }
    return new FollowUpConfig(steps);
  }

  @Test
  void aLeadWithoutATimezoneIsTextedAt0800WhereItsPhoneIs() {
    start("la", "+12135550123", texts(0));
    sleepUntil(Duration.ofMinutes(1));
    assertThat(projections.find("la").map(FollowUpState::nextFollowUpAt))
        .hasValue(Instant.parse("2026-01-05T16:00:00Z"));
    sleepUntil(Duration.ofHours(5));
    assertThat(texts)
        .singleElement()
        .satisfies(
            at ->
                assertThat(at)
                    .isCloseTo(Instant.parse("2026-01-05T16:00:00Z"), within(1, SECONDS)));
  }

  @Test
  void aFloridaNumberIsNotTextedAfter2000Local() {
    // due 20:30 in Miami: the organisation's window (to 21:00) is open, Florida's is not
    start("fl-evening", "+13055550123", texts(13.5));
    sleepUntil(Duration.ofHours(14));
    assertThat(texts).isEmpty();
    assertThat(projections.find("fl-evening").map(FollowUpState::nextFollowUpAt))
        .hasValue(Instant.parse("2026-01-06T13:00:00Z"));
    sleepUntil(Duration.ofHours(26));
    assertThat(texts)
        .singleElement()
        .satisfies(
            at ->
                assertThat(at)
                    .isCloseTo(Instant.parse("2026-01-06T13:00:00Z"), within(1, SECONDS)));
  }

  @Test
  void aFourthTextToAFloridaNumberWithin24HoursWaitsForTheOldestToBeADayOld() {
    // texts at 09:00, 10:00, 11:00 in Miami; the fourth is due at 12:00
    start("fl-cap", "+13055550123", texts(2, 1, 1, 1));
    sleepUntil(Duration.ofHours(6));
    assertThat(texts).hasSize(3);
    Instant first = texts.get(0);
    // a day and a minute (SendRules.CAP_PERIOD): Tuesday 09:01 in Miami, inside the window
    Instant dayLater = first.plus(io.followup.workflows.schedule.SendRules.CAP_PERIOD);
    FollowUpState waiting = projections.find("fl-cap").orElseThrow();
    assertThat(waiting.followUpStep()).isEqualTo(4);
    assertThat(waiting.nextFollowUpAt()).isCloseTo(dayLater, within(1, SECONDS));
    assertThat(ledger.deferralsOf("fl-cap"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(SendDeferral.REGIONAL_CAP);
              assertThat(d.region()).isEqualTo("US-FL");
              assertThat(d.cap()).isEqualTo(3);
              assertThat(d.deferredUntil()).isEqualTo(waiting.nextFollowUpAt());
            });

    sleepUntil(Duration.ofHours(24));
    assertThat(texts).hasSize(3);
    sleepUntil(Duration.ofHours(27));
    assertThat(texts).hasSize(4);
    assertThat(texts.get(3)).isCloseTo(dayLater, within(1, SECONDS));
  }
}

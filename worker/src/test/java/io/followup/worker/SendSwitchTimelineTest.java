package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.compliance.SendSpread;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.sends.SendPause;
import io.followup.domain.sends.SendSwitch;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.EnvironmentClock;
import io.followup.worker.support.Envs;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operators' send switch as the workflow meets it: the real send-rules local activity reads the
 * switch at every due send. T0 is Monday 2026-01-05 12:00 UTC; windows are open at every hour;
 * RESUME_SPREAD_MINUTES is 10.
 */
@Timeout(60)
class SendSwitchTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");
  private static final Duration RESUME_SPREAD = Duration.ofMinutes(10);

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final Map<Channel, SendPause> paused = new ConcurrentHashMap<>();
  private final SendSwitch sendSwitch = () -> Map.copyOf(paused);
  private final List<Instant> texts = new CopyOnWriteArrayList<>();
  private final List<Instant> emails = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment env;

  private ChannelProvider clocked(List<Instant> sent) {
    LoggingProvider log = new LoggingProvider();
    return new ChannelProvider() {
      @Override
      public ProviderReceipt deliver(Delivery delivery) {
        sent.add(now());
        return log.deliver(delivery);
      }

      @Override
      public Optional<ProviderReceipt> lookup(String idempotencyKey) {
        return log.lookup(idempotencyKey);
      }
    };
  }

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
            clocked(texts),
            new LoggingProvider(),
            clocked(emails),
            null,
            null,
            null,
            null,
            new EnvironmentClock(env),
            new SendControls(
                sendSwitch,
                new SendSpread(Duration.ZERO, RESUME_SPREAD),
                io.followup.domain.sends.SenderSlots.NONE,
                Map.of()));
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private void sleepUntil(Duration offset) {
    env.sleep(Duration.between(now(), T0.plus(offset)));
  }

  private void pause(Channel channel) {
    paused.put(channel, new SendPause(channel, true, "bad template", now(), "operator"));
  }

  @Test
  void aDueTextWaitsWhilePausedAndGoesOnceAfterTheResume() {
    pause(Channel.TEXT);
    leads.put(Envs.lead("held"));
    Envs.startLead(env, "held", Envs.config(Envs.step(1, Channel.TEXT)));

    // 13:00 the step comes due: held, one PAUSED event, the step moved to the lead's next check
    sleepUntil(Duration.ofHours(3));
    assertThat(texts).isEmpty();
    assertThat(ledger.deferralsOf("held"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(SendDeferral.PAUSED);
              assertThat(d.idempotencyKey()).isEqualTo("held:1");
            });
    Instant storedDue = projections.find("held").map(FollowUpState::nextFollowUpAt).orElseThrow();
    assertThat(storedDue).isAfter(T0.plus(Duration.ofMinutes(170)));

    // 15:00 resumed: the text goes at the lead's next check, within the spread, once
    Instant resumedAt = T0.plus(Duration.ofHours(3));
    paused.clear();
    sleepUntil(Duration.ofHours(5));
    assertThat(texts)
        .singleElement()
        .satisfies(at -> assertThat(at).isBetween(resumedAt, resumedAt.plus(RESUME_SPREAD)));
    assertThat(ledger.listByLead("held")).hasSize(1);
    assertThat(ledger.deferralsOf("held")).hasSize(1);
  }

  @Test
  void aPauseHoldsOnlyItsChannelsAndEmailsWithoutAWindowToo() {
    pause(Channel.EMAIL);
    leads.put(Envs.lead("mixed"));
    Envs.startLead(
        env, "mixed", Envs.config(Envs.step(1, Channel.TEXT), Envs.step(1, Channel.EMAIL)));

    // 13:00 the text goes (text is not paused); 14:00 the email comes due and waits
    sleepUntil(Duration.ofHours(4));
    assertThat(texts).hasSize(1);
    assertThat(emails).isEmpty();
    assertThat(ledger.deferralsOf("mixed"))
        .singleElement()
        .satisfies(d -> assertThat(d.channel()).isEqualTo(Channel.EMAIL));

    paused.clear();
    sleepUntil(Duration.ofHours(4).plus(RESUME_SPREAD));
    assertThat(emails).singleElement();
  }

  @Test
  void aMessageOverridingBusinessHoursWaitsForTheSwitchToo() {
    pause(Channel.TEXT);
    leads.put(Envs.lead("urgent"));
    leads.putMessage("urgent", "m-1", "Your appointment moved to 3 pm.");
    LeadWorkflows.sendMessageWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput("urgent", null, Envs.OPTIONS),
        new OneOffMessage("m-1", null, true, true, false, null, null),
        null);

    // held however long the pause lasts
    sleepUntil(Duration.ofHours(2));
    assertThat(texts).isEmpty();

    paused.clear();
    sleepUntil(Duration.ofHours(2).plus(RESUME_SPREAD));
    assertThat(texts).singleElement();
    assertThat(ledger.find("urgent:msg:m-1")).isPresent();
  }
}

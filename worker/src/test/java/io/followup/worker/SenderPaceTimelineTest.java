package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.compliance.SendSpread;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.sends.SendSwitch;
import io.followup.domain.sends.SenderPace;
import io.followup.domain.sends.SenderSlots;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.EnvironmentClock;
import io.followup.worker.support.Envs;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.model.Channel;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Six leads whose texts come due at the same instant, one from number paced at 2 texts a second:
 * the workflows take the sender's slots through the send-rules activity and the texts reach the
 * provider half a second apart. T0 is Monday 2026-01-05 12:00 UTC; windows are open at every hour.
 */
@Timeout(60)
class SenderPaceTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");
  private static final SenderPace PACE = SenderPace.perSecond("text:+15005550006", 2);

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final List<Instant> texts = new CopyOnWriteArrayList<>();
  private final Slots slots = new Slots();
  private TestWorkflowEnvironment env;

  /** The store's rule in memory: the later of the instant asked and the next free slot. */
  private static final class Slots implements SenderSlots {
    private final Map<String, Instant> next = new HashMap<>();
    private final Map<String, Instant> byKey = new HashMap<>();

    @Override
    public synchronized Instant reserve(SenderPace pace, String sendKey, Instant at) {
      Instant held = byKey.get(sendKey);
      if (held != null && !held.isBefore(at.minusSeconds(60))) {
        return held.isAfter(at) ? held : at;
      }
      Instant free = next.getOrDefault(pace.sender(), at);
      Instant slot = free.isAfter(at) ? free : at;
      next.put(pace.sender(), slot.plus(pace.spacing()));
      byKey.put(sendKey, slot);
      return slot;
    }
  }

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(T0).build());
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    LoggingProvider log = new LoggingProvider();
    ChannelProvider clocked =
        new ChannelProvider() {
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
    WorkerDependencies deps =
        new WorkerDependencies(
            ledger,
            leads,
            projections,
            null,
            clocked,
            new LoggingProvider(),
            new LoggingProvider(),
            null,
            null,
            null,
            null,
            new EnvironmentClock(env),
            new SendControls(SendSwitch.NEVER, SendSpread.NONE, slots, Map.of(Channel.TEXT, PACE)));
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void textsDueAtOnceReachTheProviderAtTheSendersPace() {
    for (int i = 0; i < 6; i++) {
      leads.put(Envs.lead("lead-" + i));
      Envs.startLead(env, "lead-" + i, Envs.config(Envs.step(1, Channel.TEXT)));
    }
    // 13:00 all six come due; by 13:01 all went, each once, in slots half a second apart: the
    // sends over the pace waited for theirs (the activities' own start adds a few ms of jitter,
    // which the provider's PacedProvider absorbs in production: TwilioPacingTest)
    env.sleep(Duration.ofMinutes(61));
    assertThat(texts).hasSize(6);
    List<Instant> taken = slots.byKey.values().stream().sorted().toList();
    assertThat(taken).hasSize(6);
    for (int i = 1; i < taken.size(); i++) {
      assertThat(Duration.between(taken.get(i - 1), taken.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
    List<Instant> sorted = texts.stream().sorted().toList();
    for (int i = 0; i < 6; i++) {
      assertThat(sorted.get(i)).isAfterOrEqualTo(taken.get(i));
    }
    assertThat(Duration.between(sorted.get(0), sorted.get(5))).isLessThan(Duration.ofSeconds(10));
    for (int i = 0; i < 6; i++) {
      assertThat(ledger.listByLead("lead-" + i)).hasSize(1);
    }
  }
}

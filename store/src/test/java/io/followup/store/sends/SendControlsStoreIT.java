package io.followup.store.sends;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.sends.SenderPace;
import io.followup.store.support.Engine;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.model.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The send switch and the senders' slots (V20) on PostgreSQL and on H2 (the embedded run). */
class SendControlsStoreIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static String sender() {
    return "text:+1555" + UUID.randomUUID();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aPauseIsStoredAndAResumeClearsItsReason(Engine engine) {
    JdbiSendSwitch sendSwitch = new JdbiSendSwitch(engine.jdbi());
    sendSwitch.set(Set.of(Channel.TEXT, Channel.CALL), true, "hold", JdbiSendSwitch.BY_API, T0);
    assertThat(sendSwitch.paused().keySet()).containsExactlyInAnyOrder(Channel.TEXT, Channel.CALL);
    assertThat(sendSwitch.isPaused(Channel.VOICEMAIL)).isTrue();
    assertThat(sendSwitch.paused().get(Channel.TEXT).reason()).isEqualTo("hold");

    sendSwitch.set(Set.of(Channel.TEXT), false, "ignored", JdbiSendSwitch.BY_OPERATOR, T0);
    assertThat(sendSwitch.paused().keySet()).containsExactly(Channel.CALL);
    assertThat(sendSwitch.all())
        .filteredOn(p -> p.channel() == Channel.TEXT)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.paused()).isFalse();
              assertThat(p.reason()).isNull();
              assertThat(p.by()).isEqualTo(JdbiSendSwitch.BY_OPERATOR);
            });
    sendSwitch.set(Set.of(Channel.CALL), false, null, JdbiSendSwitch.BY_API, T0);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void sendsDueAtOnceGetSlotsOneSpacingApartAndTheSameSendKeepsItsSlot(Engine engine) {
    JdbiSenderSlots slots = new JdbiSenderSlots(engine.jdbi());
    String run = UUID.randomUUID().toString();
    SenderPace pace = SenderPace.perSecond(sender(), 4);
    List<Instant> taken = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      taken.add(slots.reserve(pace, run + "-" + i + ":1", T0));
    }
    assertThat(taken)
        .containsExactly(
            T0,
            T0.plusMillis(250),
            T0.plusMillis(500),
            T0.plusMillis(750),
            T0.plusMillis(1000),
            T0.plusMillis(1250));
    // the send comes back at its slot: it keeps it, no new slot taken
    assertThat(slots.reserve(pace, run + "-3:1", T0.plusMillis(750))).isEqualTo(T0.plusMillis(750));
    assertThat(slots.nextFree(pace.sender())).hasValue(T0.plusMillis(1500));
    // asked long after its slot (it was held meanwhile): a new slot
    Instant later = T0.plus(Duration.ofHours(1));
    assertThat(slots.reserve(pace, run + "-0:1", later)).isEqualTo(later);
    assertThat(slots.reserve(pace, run + "-9:1", later)).isEqualTo(later.plusMillis(250));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFullDayMovesTheSlotToTheNextUtcDay(Engine engine) {
    JdbiSenderSlots slots = new JdbiSenderSlots(engine.jdbi());
    String run = UUID.randomUUID().toString();
    SenderPace pace = SenderPace.perHourAndDay("email:" + UUID.randomUUID(), 0, 2);
    assertThat(slots.reserve(pace, run + "a:1", T0)).isEqualTo(T0);
    assertThat(slots.reserve(pace, run + "b:1", T0)).isEqualTo(T0);
    assertThat(slots.reserve(pace, run + "c:1", T0))
        .isEqualTo(Instant.parse("2026-04-02T00:00:00Z"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void workersReservingAtOnceNeverShareASlot(Engine engine) throws Exception {
    JdbiSenderSlots slots = new JdbiSenderSlots(engine.jdbi());
    String run = UUID.randomUUID().toString();
    SenderPace pace = SenderPace.perSecond(sender(), 10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Instant>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String key = run + "-" + i + ":1";
        calls.add(() -> slots.reserve(pace, key, T0));
      }
      List<Instant> taken = new ArrayList<>();
      for (Future<Instant> f : pool.invokeAll(calls)) {
        taken.add(f.get());
      }
      assertThat(taken).doesNotHaveDuplicates();
      assertThat(taken.stream().sorted().toList().get(39)).isEqualTo(T0.plusMillis(3900));
    } finally {
      pool.shutdownNow();
    }
  }
}

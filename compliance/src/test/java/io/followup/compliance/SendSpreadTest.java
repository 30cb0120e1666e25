package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.SendSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendSpreadTest {
  private static final Instant T = Instant.parse("2026-12-07T13:00:00Z");
  private static final SendSpread SPREAD =
      new SendSpread(Duration.ofMinutes(15), Duration.ofMinutes(10));

  @Test
  void offsetsAreStableAndSpreadEvenlyOverThePeriod() {
    Duration period = Duration.ofMinutes(15);
    assertThat(SendSpread.offsetMillis("lead-1", period))
        .isEqualTo(SendSpread.offsetMillis("lead-1", period));
    // 10,000 UUID-like ids: every minute of the 15 gets between 5 % and 8.5 % of them
    int[] perMinute = new int[15];
    IntStream.range(0, 10_000)
        .mapToObj(i -> java.util.UUID.nameUUIDFromBytes(("lead-" + i).getBytes()).toString())
        .forEach(id -> perMinute[(int) (SendSpread.offsetMillis(id, period) / 60_000)]++);
    for (int count : perMinute) {
      assertThat(count).isBetween(500, 850);
    }
  }

  @Test
  void aWindowDeferralMovesByTheLeadsOffsetAndOtherAnswersStay() {
    SendSlot opening = new SendSlot(T, SendSlot.SENDING_WINDOW, null, 0, 0, null);
    SendSlot placed = SPREAD.place("lead-1", opening, T.minusSeconds(3_600), false);
    assertThat(placed.rule()).isEqualTo(SendSlot.SENDING_WINDOW);
    assertThat(placed.at()).isBetween(T, T.plus(Duration.ofMinutes(15)));

    SendSlot cap = new SendSlot(T, SendSlot.REGIONAL_CAP, "US-FL", 3, 3, null);
    assertThat(SPREAD.place("lead-1", cap, T.minusSeconds(60), false)).isEqualTo(cap);
    SendSlot now = SendSlot.now(T);
    assertThat(SPREAD.place("lead-1", now, T, false)).isEqualTo(now);
  }

  @Test
  void aPausedSendWaitsForItsLeadsNextCheckEveryPeriod() {
    SendSlot held = SPREAD.place("lead-1", SendSlot.now(T), T, true);
    assertThat(held.rule()).isEqualTo(SendSlot.PAUSED);
    assertThat(held.at()).isAfter(T).isBeforeOrEqualTo(T.plus(Duration.ofMinutes(10)));
    // asked again at that check: the next one, a period later
    SendSlot again = SPREAD.place("lead-1", SendSlot.now(held.at()), held.at(), true);
    assertThat(again.at()).isEqualTo(held.at().plus(Duration.ofMinutes(10)));
    // leads check at different instants
    Set<Instant> checks = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      checks.add(SPREAD.nextCheck("lead-" + i, T));
    }
    assertThat(checks.size()).isGreaterThan(40);
    // a send the rules put after the next check keeps the rules' answer
    SendSlot tomorrow =
        new SendSlot(T.plus(Duration.ofDays(1)), SendSlot.SENDING_WINDOW, null, 0, 0, null);
    assertThat(SPREAD.place("lead-1", tomorrow, T, true).rule()).isEqualTo(SendSlot.SENDING_WINDOW);
  }
}

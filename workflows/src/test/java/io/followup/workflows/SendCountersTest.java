package io.followup.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendCountersTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void theDailyCapCountsTheSendsOfTheLastDayAtMostTheCap() {
    SendCounters counters = new SendCounters(List.of(), List.of());
    counters.countSend(NOW.minus(Duration.ofHours(30)), 2);
    counters.countSend(NOW.minus(Duration.ofHours(3)), 2);
    counters.countSend(NOW.minus(Duration.ofHours(2)), 2);
    counters.countSend(NOW.minus(Duration.ofHours(1)), 2);

    assertThat(counters.sends()).hasSize(2);
    assertThat(counters.dailyCapOpening(NOW, 2)).isEqualTo(NOW.plus(Duration.ofHours(22)));
    assertThat(counters.sendsCounted()).isEqualTo(2);
    assertThat(counters.dailyCapOpening(NOW, 3)).isNull();
  }

  @Test
  void callsAndTextsOlderThanADayOrBeyondTheBoundAreForgotten() {
    SendCounters counters = new SendCounters(List.of(), List.of(NOW.minus(Duration.ofHours(25))));
    for (int i = 0; i < SendCounters.MAX_COUNTED_CALLS_AND_TEXTS + 5; i++) {
      counters.countCallOrText(NOW.minusSeconds(1000 - i));
    }

    List<Instant> counted = counters.callsAndTextsOfTheLastDay(NOW);
    assertThat(counted).hasSize(SendCounters.MAX_COUNTED_CALLS_AND_TEXTS);
    assertThat(counted.get(0)).isEqualTo(NOW.minusSeconds(1000 - 5));
  }
}

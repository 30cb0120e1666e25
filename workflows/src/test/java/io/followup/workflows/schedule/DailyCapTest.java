package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyCapTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void underTheCapASendGoesNow() {
    assertThat(DailyCap.opening(List.of(Instant.parse("2026-12-03T11:00:00Z")), 2, NOW)).isNull();
  }

  @Test
  void atTheCapTheSendWaitsUntilTheOldestCountedSendIsADayOld() {
    List<Instant> sends =
        List.of(
            Instant.parse("2026-12-02T11:00:00Z"), // over a day old: no longer counted
            Instant.parse("2026-12-03T09:00:00Z"),
            Instant.parse("2026-12-03T10:00:00Z"),
            Instant.parse("2026-12-03T11:00:00Z"));

    assertThat(DailyCap.opening(sends, 2, NOW)).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(DailyCap.opening(sends, 3, NOW)).isEqualTo(Instant.parse("2026-12-04T09:00:00Z"));
    assertThat(DailyCap.opening(sends, 4, NOW)).isNull();
  }

  @Test
  void aSendExactlyADayOldNoLongerCounts() {
    assertThat(DailyCap.opening(List.of(Instant.parse("2026-12-02T12:00:00Z")), 1, NOW)).isNull();
  }
}

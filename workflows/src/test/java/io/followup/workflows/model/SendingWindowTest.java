package io.followup.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendingWindowTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void insideTheWindowItIsNow() {
    Instant noonLocal = Instant.parse("2026-01-05T17:00:00Z");
    assertThat(SendingWindow.DEFAULT.nextOpening(noonLocal, NEW_YORK)).isEqualTo(noonLocal);
  }

  @Test
  void beforeTheWindowItOpensAtEightLocal() {
    Instant threeAm = Instant.parse("2026-01-05T08:00:00Z");
    assertThat(SendingWindow.DEFAULT.nextOpening(threeAm, NEW_YORK))
        .isEqualTo(Instant.parse("2026-01-05T13:00:00Z"));
  }

  @Test
  void afterTheWindowItOpensTheNextMorning() {
    Instant tenPm = Instant.parse("2026-01-06T03:00:00Z");
    assertThat(SendingWindow.DEFAULT.nextOpening(tenPm, NEW_YORK))
        .isEqualTo(Instant.parse("2026-01-06T13:00:00Z"));
  }

  @Test
  void weekdaysAndHolidaysAreSkipped() {
    SendingWindow weekdays =
        new SendingWindow(
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of(
                DayOfWeek.MONDAY,
                DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY),
            List.of(LocalDate.of(2026, 1, 5)),
            false);
    // Saturday 2026-01-03 noon: Sunday skipped, Monday the 5th is a holiday, so Tuesday 09:00
    assertThat(weekdays.nextOpening(Instant.parse("2026-01-03T17:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-01-06T14:00:00Z"));
  }

  @Test
  void emailIgnoresTheWindowUnlessConfigured() {
    assertThat(SendingWindow.DEFAULT.appliesTo(Channel.EMAIL)).isFalse();
    assertThat(SendingWindow.DEFAULT.appliesTo(Channel.CALL)).isTrue();
    assertThat(new SendingWindow(null, null, null, null, true).appliesTo(Channel.EMAIL)).isTrue();
  }
}

package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send rules with fixed instants: what a lead's local clock, calendar and region allow. */
class SendRulesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final RegionalRule FLORIDA =
      new RegionalRule("US-FL", LocalTime.of(8, 0), LocalTime.of(20, 0), 3);

  private static SendSlot text(Instant at, SendingWindow window, ZoneId... zones) {
    return SendRules.firstAllowed(at, Channel.TEXT, List.of(zones), UTC, window, null, List.of());
  }

  @Test
  void nightInTheLeadsZoneWaitsFor0800Local() {
    // 03:00 in New York (EST, UTC-5)
    SendSlot slot = text(Instant.parse("2026-01-06T08:00:00Z"), SendingWindow.DEFAULT, NEW_YORK);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-06T13:00:00Z"));
    assertThat(slot.rule()).isEqualTo(SendSlot.SENDING_WINDOW);
  }

  @Test
  void insideTheWindowNothingMovesIt() {
    Instant noon = Instant.parse("2026-01-06T17:00:00Z");
    SendSlot slot = text(noon, SendingWindow.DEFAULT, NEW_YORK);
    assertThat(slot.at()).isEqualTo(noon);
    assertThat(slot.rule()).isNull();
  }

  @Test
  void aDisallowedWeekdayWaitsForTheNextAllowedDay() {
    SendingWindow weekdays =
        new SendingWindow(
            LocalTime.of(8, 0),
            LocalTime.of(21, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            null,
            false);
    // Saturday 2026-01-10, 12:00 in New York: Monday 08:00
    SendSlot slot = text(Instant.parse("2026-01-10T17:00:00Z"), weekdays, NEW_YORK);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-12T13:00:00Z"));
    assertThat(slot.rule()).isEqualTo(SendSlot.SENDING_DAYS);
  }

  @Test
  void aHolidayWaitsForTheNextDay() {
    SendingWindow window =
        new SendingWindow(
            LocalTime.of(8, 0),
            LocalTime.of(21, 0),
            null,
            List.of(LocalDate.of(2026, 7, 3)),
            false);
    // Friday 2026-07-03, 10:00 EDT: Saturday 08:00 EDT
    SendSlot slot = text(Instant.parse("2026-07-03T14:00:00Z"), window, NEW_YORK);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-07-04T12:00:00Z"));
    assertThat(slot.rule()).isEqualTo(SendSlot.HOLIDAY);
  }

  @Test
  void springForwardOpensAt0800DaylightTime() {
    // Sunday 2026-03-08: at 02:00 EST the clocks go to 03:00 EDT (UTC-4); 01:00 EST is 06:00 UTC
    SendSlot slot = text(Instant.parse("2026-03-08T06:00:00Z"), SendingWindow.DEFAULT, NEW_YORK);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    // and closes at 21:00 EDT: 21:30 EDT waits for Monday 08:00 EDT
    assertThat(text(Instant.parse("2026-03-09T01:30:00Z"), SendingWindow.DEFAULT, NEW_YORK).at())
        .isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
  }

  @Test
  void fallBackOpensAt0800StandardTime() {
    // Sunday 2026-11-01: at 02:00 EDT the clocks go back to 01:00 EST (UTC-5); 01:30 EDT first
    SendSlot slot = text(Instant.parse("2026-11-01T05:30:00Z"), SendingWindow.DEFAULT, NEW_YORK);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    // 20:59 EST is still open, 21:00 EST (02:00 UTC) is closed until Monday 08:00 EST
    Instant lateButOpen = Instant.parse("2026-11-02T01:59:00Z");
    assertThat(text(lateButOpen, SendingWindow.DEFAULT, NEW_YORK).at()).isEqualTo(lateButOpen);
    assertThat(text(Instant.parse("2026-11-02T02:00:00Z"), SendingWindow.DEFAULT, NEW_YORK).at())
        .isEqualTo(Instant.parse("2026-11-02T13:00:00Z"));
  }

  @Test
  void severalZonesSendOnlyWhenTheWindowIsOpenInAll() {
    ZoneId losAngeles = ZoneId.of("America/Los_Angeles");
    // 08:00 in New York is 05:00 in Los Angeles: wait for 08:00 there (11:00 in New York)
    SendSlot slot =
        text(Instant.parse("2026-01-06T13:00:00Z"), SendingWindow.DEFAULT, NEW_YORK, losAngeles);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-06T16:00:00Z"));
    // 19:00 in Los Angeles is 22:00 in New York: the next day's 08:00 in Los Angeles
    assertThat(
            text(Instant.parse("2026-01-07T03:00:00Z"), SendingWindow.DEFAULT, NEW_YORK, losAngeles)
                .at())
        .isEqualTo(Instant.parse("2026-01-07T16:00:00Z"));
  }

  @Test
  void zonesWhoseWindowsNeverOverlapUseTheFallbackZone() {
    SendingWindow narrow =
        new SendingWindow(LocalTime.of(9, 0), LocalTime.of(10, 0), null, null, false);
    SendSlot slot =
        text(
            Instant.parse("2026-01-06T00:00:00Z"),
            narrow,
            ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("Pacific/Pago_Pago"));
    // no instant is 09:00-10:00 in both (25 h apart): UTC's 09:00
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-06T09:00:00Z"));
  }

  @Test
  void emailWithoutAWindowGoesAtAnyHourAndIgnoresTheRegion() {
    Instant night = Instant.parse("2026-01-06T08:00:00Z");
    SendSlot slot =
        SendRules.firstAllowed(
            night, Channel.EMAIL, List.of(NEW_YORK), UTC, null, FLORIDA, List.of());
    assertThat(slot.at()).isEqualTo(night);
    assertThat(slot.region()).isNull();
  }

  @Test
  void aRegionsStricterWindowHoldsATextPast2000() {
    // 20:30 EST: open for the organisation, closed in Florida
    SendSlot slot =
        SendRules.firstAllowed(
            Instant.parse("2026-01-07T01:30:00Z"),
            Channel.TEXT,
            List.of(NEW_YORK),
            UTC,
            SendingWindow.DEFAULT,
            FLORIDA,
            List.of());
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-07T13:00:00Z"));
    assertThat(slot.rule()).isEqualTo(SendSlot.REGIONAL_WINDOW);
    assertThat(slot.region()).isEqualTo("US-FL");
  }

  @Test
  void aFourthAttemptWithin24HoursWaitsForTheOldestCountedToBeADayOld() {
    Instant first = Instant.parse("2026-01-06T14:00:00Z"); // 09:00 EST
    List<Instant> sent =
        List.of(first, first.plusSeconds(3_600), first.plusSeconds(7_200)); // 09, 10, 11 EST
    SendSlot slot =
        SendRules.firstAllowed(
            first.plusSeconds(3 * 3_600),
            Channel.CALL,
            List.of(NEW_YORK),
            UTC,
            SendingWindow.DEFAULT,
            FLORIDA,
            sent);
    // a day and a minute: the hand-overs, a moment after the instants counted, stay a day apart
    assertThat(slot.at()).isEqualTo(first.plus(SendRules.CAP_PERIOD));
    assertThat(slot.rule()).isEqualTo(SendSlot.REGIONAL_CAP);
    assertThat(slot.attemptsInLastDay()).isEqualTo(3);
    assertThat(slot.cap()).isEqualTo(3);
  }

  @Test
  void aCapOpeningAtNightAlsoWaitsForTheWindow() {
    Instant first = Instant.parse("2026-01-07T00:30:00Z"); // 19:30 EST
    List<Instant> sent = List.of(first, first.plusSeconds(600), first.plusSeconds(1_200));
    SendSlot slot =
        SendRules.firstAllowed(
            first.plusSeconds(1_800),
            Channel.TEXT,
            List.of(NEW_YORK),
            UTC,
            SendingWindow.DEFAULT,
            FLORIDA,
            sent);
    // the cap allows 19:31 EST the next day, Florida's window closes at 20:00: open still
    assertThat(slot.at()).isEqualTo(first.plus(SendRules.CAP_PERIOD));
    // a cap that opens at 20:10 EST waits for 08:00 EST the day after
    Instant late = Instant.parse("2026-01-07T01:10:00Z");
    SendSlot later =
        SendRules.firstAllowed(
            late.plusSeconds(60),
            Channel.TEXT,
            List.of(NEW_YORK),
            UTC,
            SendingWindow.DEFAULT,
            FLORIDA,
            List.of(late.minusSeconds(120), late.minusSeconds(60), late));
    assertThat(later.at()).isEqualTo(Instant.parse("2026-01-08T13:00:00Z"));
    assertThat(later.rule()).isEqualTo(SendSlot.REGIONAL_CAP);
  }

  @Test
  void sendsOlderThanADayAndAMinuteDoNotCount() {
    Instant now = Instant.parse("2026-01-07T15:00:00Z");
    List<Instant> old =
        List.of(
            now.minus(SendRules.CAP_PERIOD), now.minusSeconds(90_000), now.minusSeconds(100_000));
    SendSlot slot =
        SendRules.firstAllowed(
            now, Channel.TEXT, List.of(NEW_YORK), UTC, SendingWindow.DEFAULT, FLORIDA, old);
    assertThat(slot.at()).isEqualTo(now);
    assertThat(slot.attemptsInLastDay()).isZero();
  }

  /**
   * The proof month's finding: three sends, the oldest let go exactly 24 hours before a window
   * opening; its hand-over came 270 ms after that instant and the new one's 202 ms after the
   * opening, so the lead got a fourth within 24 hours. A send exactly a day old still counts.
   */
  @Test
  void aSendExactlyADayOldStillCounts() {
    Instant opening = Instant.parse("2026-10-19T16:00:00Z");
    List<Instant> sent =
        List.of(
            opening.minusSeconds(86_400),
            opening.minusSeconds(86_400 - 7 * 3_600),
            opening.minusSeconds(12 * 3_600));
    SendSlot slot =
        SendRules.firstAllowed(
            opening,
            Channel.TEXT,
            List.of(ZoneId.of("America/Anchorage")),
            UTC,
            SendingWindow.DEFAULT,
            FLORIDA,
            sent);
    assertThat(slot.attemptsInLastDay()).isEqualTo(3);
    assertThat(slot.rule()).isEqualTo(SendSlot.REGIONAL_CAP);
    assertThat(slot.at()).isEqualTo(opening.plusSeconds(60));
  }

  /** A text handed over at the opening is valid until the window closes: the earliest zone's. */
  @Test
  void theSlotSaysWhenTheWindowCloses() {
    // 07:00 in New York: opens at 08:00, closes at 21:00 (the organisation's window)
    SendSlot slot =
        SendRules.firstAllowed(
            Instant.parse("2026-12-03T12:00:00Z"),
            Channel.TEXT,
            List.of(ZoneId.of("America/New_York")),
            ZoneId.of("UTC"),
            SendingWindow.DEFAULT,
            null,
            List.of());
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-12-03T13:00:00Z"));
    assertThat(slot.closesAt()).isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));

    // Florida's window closes at 20:00
    SendSlot florida =
        SendRules.firstAllowed(
            Instant.parse("2026-12-03T20:00:00Z"),
            Channel.TEXT,
            List.of(ZoneId.of("America/New_York")),
            ZoneId.of("UTC"),
            SendingWindow.DEFAULT,
            FLORIDA,
            List.of());
    assertThat(florida.closesAt()).isEqualTo(Instant.parse("2026-12-04T01:00:00Z"));

    // two zones: the earlier close (New York's 21:00 before Los Angeles's)
    SendSlot both =
        SendRules.firstAllowed(
            Instant.parse("2026-12-03T20:00:00Z"),
            Channel.TEXT,
            List.of(ZoneId.of("America/Los_Angeles"), ZoneId.of("America/New_York")),
            ZoneId.of("UTC"),
            SendingWindow.DEFAULT,
            null,
            List.of());
    assertThat(both.closesAt()).isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));

    // a window open all day, every day (00:00 to 24:00) does not close at midnight: its close is
    // past any provider's validity, whatever the hour
    Instant evening = Instant.parse("2026-12-03T20:00:00Z");
    assertThat(
            SendRules.firstAllowed(
                    evening,
                    Channel.TEXT,
                    List.of(ZoneId.of("UTC")),
                    ZoneId.of("UTC"),
                    SendingWindow.ALWAYS,
                    null,
                    List.of())
                .closesAt())
        .isAfterOrEqualTo(evening.plus(java.time.Duration.ofHours(48)));

    // no window: nothing closes
    assertThat(
            SendRules.firstAllowed(
                    Instant.parse("2026-12-03T20:00:00Z"),
                    Channel.TEXT,
                    List.of(ZoneId.of("UTC")),
                    ZoneId.of("UTC"),
                    null,
                    null,
                    List.of())
                .closesAt())
        .isNull();
  }
}

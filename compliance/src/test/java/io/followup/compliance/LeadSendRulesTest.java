package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send rules from a lead's phone, with fixed instants and the built-in regional rules. */
class LeadSendRulesTest {
  private static final LeadSendRules RULES = new LeadSendRules(RegionalRules.builtIn());
  private static final String LOS_ANGELES_PHONE = "+12135550123";
  private static final String MIAMI_PHONE = "+13055550123";
  private static final String MOSCOW_MOBILE = "+79161234567";

  private static SendSlotRequest text(Instant at, String timezone) {
    return new SendSlotRequest(
        "lead-1", Channel.TEXT, timezone, "UTC", SendingWindow.DEFAULT, at, List.of(), null, null);
  }

  @Test
  void withoutATimezoneThePhonesZoneHolds() {
    // 03:00 in Los Angeles (PST, UTC-8)
    Instant night = Instant.parse("2026-01-06T11:00:00Z");
    SendSlot slot = RULES.firstAllowed(text(night, null), LOS_ANGELES_PHONE, null, null);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-06T16:00:00Z"));
    assertThat(slot.rule()).isEqualTo(SendSlot.SENDING_WINDOW);
    assertThat(slot.region()).isNull();
  }

  @Test
  void theLeadsOwnZoneWinsOverItsPhone() {
    // 12:00 in New York is 09:00 in Los Angeles: open either way; 06:00 in LA is 09:00 in NY
    Instant nineInNewYork = Instant.parse("2026-01-06T14:00:00Z");
    assertThat(
            RULES
                .firstAllowed(
                    text(nineInNewYork, "America/New_York"), LOS_ANGELES_PHONE, null, null)
                .at())
        .isEqualTo(nineInNewYork);
    // the stored zone counts when the workflow's state has none
    assertThat(
            RULES
                .firstAllowed(
                    text(nineInNewYork, null), LOS_ANGELES_PHONE, "America/New_York", null)
                .at())
        .isEqualTo(nineInNewYork);
  }

  @Test
  void aNumberThePhoneDataCannotPlaceUsesTheOrganisationsZone() {
    assertThat(PhoneZones.of("+15555555555")).isEmpty();
    SendSlot slot =
        RULES.firstAllowed(
            text(Instant.parse("2026-01-06T03:00:00Z"), null), "+15555555555", null, null);
    assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
  }

  @Test
  void aNumberOfSeveralZonesIsTextedOnlyWhenTheWindowIsOpenInAll() {
    List<ZoneId> zones = PhoneZones.of(MOSCOW_MOBILE);
    assertThat(zones)
        .hasSizeGreaterThan(5)
        .contains(ZoneId.of("Europe/Moscow"), ZoneId.of("Asia/Kamchatka"));
    // 08:00 in Bucharest (UTC+2) is 06:00 UTC; 21:00 in Kamchatka (UTC+12) is 09:00 UTC
    SendSlot midnight =
        RULES.firstAllowed(
            text(Instant.parse("2026-01-06T00:00:00Z"), null), MOSCOW_MOBILE, null, null);
    assertThat(midnight.at()).isEqualTo(Instant.parse("2026-01-06T06:00:00Z"));
    Instant lateInKamchatka = Instant.parse("2026-01-06T09:00:00Z");
    assertThat(RULES.firstAllowed(text(lateInKamchatka, null), MOSCOW_MOBILE, null, null).at())
        .isEqualTo(Instant.parse("2026-01-07T06:00:00Z"));
    // noon in Moscow alone would have been open
    assertThat(
            RULES
                .firstAllowed(text(lateInKamchatka, "Europe/Moscow"), MOSCOW_MOBILE, null, null)
                .at())
        .isEqualTo(lateInKamchatka);
  }

  @Test
  void aFloridaNumberIsHeldTo2000AndThreeAttemptsADay() {
    // 20:30 EST in Miami: the organisation's window is open, Florida's is not
    SendSlot evening =
        RULES.firstAllowed(
            text(Instant.parse("2026-01-07T01:30:00Z"), null), MIAMI_PHONE, null, null);
    assertThat(evening.at()).isEqualTo(Instant.parse("2026-01-07T13:00:00Z"));
    assertThat(evening.rule()).isEqualTo(SendSlot.REGIONAL_WINDOW);
    assertThat(evening.region()).isEqualTo("US-FL");

    Instant first = Instant.parse("2026-01-06T14:00:00Z");
    SendSlotRequest fourth =
        new SendSlotRequest(
            "lead-1",
            Channel.CALL,
            null,
            "UTC",
            SendingWindow.DEFAULT,
            first.plusSeconds(3 * 3_600),
            List.of(first, first.plusSeconds(3_600), first.plusSeconds(7_200)),
            null,
            null);
    SendSlot capped = RULES.firstAllowed(fourth, MIAMI_PHONE, null, null);
    assertThat(capped.at())
        .isEqualTo(first.plus(io.followup.workflows.schedule.SendRules.CAP_PERIOD));
    assertThat(capped.rule()).isEqualTo(SendSlot.REGIONAL_CAP);
    assertThat(capped.cap()).isEqualTo(3);
  }

  @Test
  void emailIsNotBoundByARegion() {
    Instant night = Instant.parse("2026-01-07T04:00:00Z");
    SendSlotRequest email =
        new SendSlotRequest(
            "lead-1", Channel.EMAIL, null, "UTC", null, night, List.of(), null, null);
    assertThat(RULES.firstAllowed(email, MIAMI_PHONE, null, null).at()).isEqualTo(night);
  }
}

package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.schedule.RegionalRule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The send rules over a month, at the level of the rules (no workflow, no store): seeded leads in
 * every US zone and every state of the built-in rules file, half placed by their {@code state} and
 * half by their area code, each with a random schedule of texts, calls and emails (0 to 36 hours
 * apart) from 2026-10-15 over 31 days (the end of daylight saving time on 2026-11-01 and Veterans
 * Day included). Every send the rules let go is checked by an independent reading of the rules:
 * inside the federal 08:00-21:00, the region's hours of that weekday, never on a day the region
 * closes, never over its cap in any 24 hours. {@code -Dproof.leads=10000} runs the full month of
 * docs/COMPLIANCE.md; the suite runs 400.
 */
class ProofMonthTest {
  private static final Instant START = Instant.parse("2026-10-15T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(31));
  private static final String[] ZONES = {
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico"
  };
  private static final List<String> STATES =
      List.of(
          "FL", "OK", "MD", "TX", "AL", "LA", "KY", "MA", "CT", "VA", "WA", "MS", "RI", "UT", "PA");

  /** An area code of each state (the rules file's first), and one of none (New York's 212). */
  private static final Map<String, String> AREA =
      Map.ofEntries(
          Map.entry("FL", "305"),
          Map.entry("OK", "405"),
          Map.entry("MD", "410"),
          Map.entry("TX", "713"),
          Map.entry("AL", "205"),
          Map.entry("LA", "504"),
          Map.entry("KY", "502"),
          Map.entry("MA", "617"),
          Map.entry("CT", "203"),
          Map.entry("VA", "703"),
          Map.entry("WA", "206"),
          Map.entry("MS", "601"),
          Map.entry("RI", "401"),
          Map.entry("UT", "801"),
          Map.entry("PA", "215"),
          Map.entry("NY", "212"));

  private static final RegionalRules REGIONS = RegionalRules.builtIn();
  private static final LeadSendRules RULES = new LeadSendRules(REGIONS);

  @Test
  void noSendOutsideItsWindowOrOverACapInAMonth() {
    int leads = Integer.getInteger("proof.leads", 400);
    Random random = new Random(Long.getLong("proof.seed", 2026L));
    Map<String, Integer> sends = new TreeMap<>();
    Map<String, Integer> moved = new TreeMap<>();
    int violations = 0;
    for (int i = 0; i < leads; i++) {
      String zone = ZONES[random.nextInt(ZONES.length)];
      String home = random.nextInt(16) == 0 ? "NY" : STATES.get(random.nextInt(STATES.size()));
      boolean byState = random.nextBoolean();
      String phone = "+1" + AREA.get(home) + "555" + String.format("%04d", i % 10_000);
      String state = byState ? home : null;
      RegionalRule rule = REGIONS.forLead(state, phone).orElse(null);
      List<Instant> callsAndTexts = new ArrayList<>();
      Instant due = START.plus(Duration.ofMinutes(random.nextInt(24 * 60)));
      while (due.isBefore(END)) {
        Channel channel = Channel.values()[random.nextInt(3)]; // TEXT, CALL, EMAIL
        Instant dayBefore = due.minus(Duration.ofHours(24));
        SendSlot slot =
            RULES.firstAllowed(
                new SendSlotRequest(
                    "L" + i,
                    channel,
                    zone,
                    "America/New_York",
                    SendingWindow.DEFAULT,
                    due,
                    callsAndTexts.stream().filter(at -> at.isAfter(dayBefore)).toList(),
                    null,
                    null),
                phone,
                null,
                state);
        Instant at = slot.at();
        if (!at.isBefore(END)) {
          break;
        }
        String key = (rule == null ? "none" : rule.region()) + " " + channel.wireName();
        sends.merge(key, 1, Integer::sum);
        if (slot.rule() != null) {
          moved.merge(slot.rule(), 1, Integer::sum);
        }
        if (channel != Channel.EMAIL) {
          if (!allowed(at, ZoneId.of(zone), rule, callsAndTexts)) {
            violations++;
          }
          callsAndTexts.add(at);
        }
        due = at.plus(Duration.ofMinutes(random.nextInt(36 * 60)));
      }
    }
    System.out.printf("proof month: %d leads, sends by region and channel %s%n", leads, sends);
    System.out.printf("proof month: sends moved by rule %s; violations %d%n", moved, violations);
    assertThat(violations).isZero();
    assertThat(moved).containsKeys("SENDING_WINDOW", "REGIONAL_WINDOW", "REGIONAL_DAY");
  }

  /** The rules read again, independently of SendRules: hours, closed days, the cap. */
  private static boolean allowed(
      Instant at, ZoneId zone, RegionalRule rule, List<Instant> earlier) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (time.isBefore(LocalTime.of(8, 0)) || !time.isBefore(LocalTime.of(21, 0))) {
      return false;
    }
    if (rule == null) {
      return true;
    }
    LocalDate date = local.toLocalDate();
    RegionalRule.Hours hours = rule.hoursOn(date);
    if (hours == null) {
      return false;
    }
    if (hours.start() != null && time.isBefore(hours.start())) {
      return false;
    }
    if (hours.end() != null && !time.isBefore(hours.end())) {
      return false;
    }
    int cap = rule.maxAttemptsPer24Hours();
    long inDay = earlier.stream().filter(e -> e.isAfter(at.minus(Duration.ofHours(24)))).count();
    return cap == 0 || inDay < cap;
  }
}

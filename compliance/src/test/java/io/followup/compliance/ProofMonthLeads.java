package io.followup.compliance;

import io.followup.workflows.schedule.RegionalRule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The proof month's seeded leads and its independent reading of the rules, for both proofs: the
 * rules-level {@code ProofMonthTest} and the worker's {@code ProofMonthTimelineTest} (this module's
 * test jar). A lead lives in one of 8 US zones and one of the 15 states of the built-in rules file
 * (or New York, 1 in 16, which has no rules of its own), placed half by its {@code state} and half
 * by its phone's area code; the month runs from 2026-10-15 for 31 days (daylight saving ends
 * 2026-11-01; Veterans Day 2026-11-11 closes the regions with holidays).
 */
public final class ProofMonthLeads {
  public static final Instant START = Instant.parse("2026-10-15T00:00:00Z");
  public static final Instant END = START.plus(Duration.ofDays(31));
  public static final RegionalRules REGIONS = RegionalRules.builtIn();

  static final String[] ZONES = {
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico"
  };
  static final List<String> STATES =
      List.of(
          "FL", "OK", "MD", "TX", "AL", "LA", "KY", "MA", "CT", "VA", "WA", "MS", "RI", "UT", "PA");

  /** An area code of each state (the rules file's first), and one of none (New York's 212). */
  static final Map<String, String> AREA =
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

  private ProofMonthLeads() {}

  /**
   * Where lead {@code index} lives: its zone, its {@code state} (null when its area code places
   * it), its phone and the region that binds it (null for none).
   */
  public record Placed(ZoneId zone, String state, String phone, RegionalRule rule) {}

  /** The next lead of the seeded sequence (draws its zone, home and placement, in this order). */
  public static Placed place(Random random, int index) {
    ZoneId zone = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
    String home = random.nextInt(16) == 0 ? "NY" : STATES.get(random.nextInt(STATES.size()));
    String state = random.nextBoolean() ? home : null;
    String phone = "+1" + AREA.get(home) + "555" + String.format("%04d", index % 10_000);
    return new Placed(zone, state, phone, REGIONS.forLead(state, phone).orElse(null));
  }

  /**
   * The rules read again, independently of {@code SendRules}: the federal 08:00-21:00 and the
   * region's hours of that weekday in the lead's zone, its closed days and holidays, its cap in any
   * 24 hours ({@code earlier}: the lead's calls and texts before this one). Null when a call or
   * text at {@code at} is allowed, else the rule it breaks.
   */
  public static String broken(Instant at, ZoneId zone, RegionalRule rule, List<Instant> earlier) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (time.isBefore(LocalTime.of(8, 0)) || !time.isBefore(LocalTime.of(21, 0))) {
      return "FEDERAL_WINDOW";
    }
    if (rule == null) {
      return null;
    }
    RegionalRule.Hours hours = rule.hoursOn(local.toLocalDate());
    if (hours == null) {
      return "REGIONAL_DAY";
    }
    if ((hours.start() != null && time.isBefore(hours.start()))
        || (hours.end() != null && !time.isBefore(hours.end()))) {
      return "REGIONAL_WINDOW";
    }
    int cap = rule.maxAttemptsPer24Hours();
    long inDay = earlier.stream().filter(e -> e.isAfter(at.minus(Duration.ofHours(24)))).count();
    return cap == 0 || inDay < cap ? null : "REGIONAL_CAP";
  }
}

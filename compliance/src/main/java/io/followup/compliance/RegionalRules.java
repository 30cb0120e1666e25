package io.followup.compliance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.followup.workflows.schedule.RegionalRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which region's rules bind a lead, by its {@code state} (the region {@code US-<state>}) or else
 * its phone's country calling code and area code, read from a rules file: the built-in {@code
 * regional-rules.json} (fifteen US states, with the statutes cited) or the operator's ({@code
 * REGIONAL_RULES_FILE}, same format: its regions replace the built-in ones of the same {@code
 * region} and add to the others, so a state the file does not name keeps its built-in rules; only
 * {@code "includeBuiltIn": false} drops the built-in regions, knowingly).
 */
public final class RegionalRules {
  /** The built-in file, on the classpath. */
  public static final String BUILT_IN = "/regional-rules.json";

  public static final RegionalRules NONE = new RegionalRules(Map.of(), Map.of());

  private static final Pattern AREA_CODE = Pattern.compile("[2-9][0-9]{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code "1:305"} to Florida's rule. */
  private final Map<String, RegionalRule> byAreaCode;

  /** {@code "US-FL"} to Florida's rule. */
  private final Map<String, RegionalRule> byRegion;

  private RegionalRules(Map<String, RegionalRule> byAreaCode, Map<String, RegionalRule> byRegion) {
    this.byAreaCode = Map.copyOf(byAreaCode);
    this.byRegion = Map.copyOf(byRegion);
  }

  /** The file's shape; unknown fields (notes, sources, disagreements) are documentation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(List<Region> regions, Boolean includeBuiltIn) {}

  /** One weekday's window in the file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Day(String windowStart, String windowEnd) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Region(
      String region,
      Integer countryCallingCode,
      List<String> areaCodes,
      String windowStart,
      String windowEnd,
      Integer maxAttemptsPer24Hours,
      Map<String, Day> weekdays,
      List<String> closedDays,
      List<String> holidays,
      List<String> citations) {}

  public static RegionalRules builtIn() {
    try (InputStream in = RegionalRules.class.getResourceAsStream(BUILT_IN)) {
      return parse(in.readAllBytes(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rules of an operator's file.
   *
   * @throws IllegalArgumentException naming what is wrong (unreadable, not the format, a bad time,
   *     area code or cap, an area code in two regions)
   */
  public static RegionalRules load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    return parse(bytes, false);
  }

  /** An operator's file: the built-in regions stay unless it says {@code includeBuiltIn: false}. */
  static RegionalRules parse(byte[] json) {
    return parse(json, false);
  }

  private static RegionalRules parse(byte[] json, boolean isBuiltIn) {
    File file;
    try {
      file = JSON.readValue(json, File.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "is not a rules file: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (file == null || file.regions() == null) {
      throw new IllegalArgumentException("is not a rules file: \"regions\" is required");
    }
    List<Region> regions = file.regions();
    if (!isBuiltIn && !Boolean.FALSE.equals(file.includeBuiltIn())) {
      // the built-in rules are the floor: a file that names only its own regions (or a fix of one)
      // does not silently leave a Texan without Texas's rules
      regions = withBuiltIn(regions);
    }
    Map<String, RegionalRule> byAreaCode = new HashMap<>();
    Map<String, RegionalRule> byRegion = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Region region : regions) {
      String name = region.region() == null ? "?" : region.region();
      if (region.region() == null || region.region().isBlank()) {
        problems.add("a region without \"region\"");
        continue;
      }
      if (region.maxAttemptsPer24Hours() == null || region.countryCallingCode() == null) {
        problems.add(
            name + ": countryCallingCode and maxAttemptsPer24Hours (0: none) are required");
        continue;
      }
      RegionalRule rule;
      try {
        rule =
            new RegionalRule(
                region.region(),
                time(region.windowStart()),
                time(region.windowEnd()),
                region.maxAttemptsPer24Hours(),
                weekdays(region.weekdays()),
                days(region.closedDays()),
                null);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        problems.add(
            name
                + ": window must be HH:MM times, end after start, cap 0 or more, weekdays named"
                + " MONDAY..SUNDAY");
        continue;
      }
      if (region.holidays() != null && !region.holidays().isEmpty()) {
        try {
          rule =
              new RegionalRule(
                  rule.region(),
                  rule.windowStart(),
                  rule.windowEnd(),
                  rule.maxAttemptsPer24Hours(),
                  rule.weekdays(),
                  rule.closedDays(),
                  Holidays.parse(region.holidays()));
        } catch (IllegalArgumentException e) {
          problems.add(name + ": " + e.getMessage());
          continue;
        }
      }
      if (byRegion.putIfAbsent(rule.region(), rule) != null) {
        problems.add(name + ": region named twice");
      }
      if (region.countryCallingCode() < 1) {
        problems.add(name + ": countryCallingCode must be a country calling code such as 1");
      }
      for (String code : region.areaCodes() == null ? List.<String>of() : region.areaCodes()) {
        if (code == null || !AREA_CODE.matcher(code).matches()) {
          problems.add(name + ": area code " + code + " is not three digits");
        } else if (byAreaCode.putIfAbsent(region.countryCallingCode() + ":" + code, rule) != null) {
          problems.add(name + ": area code " + code + " is in another region too");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new RegionalRules(byAreaCode, byRegion);
  }

  /** The built-in regions, each replaced by the operator's of the same name, then the others. */
  private static List<Region> withBuiltIn(List<Region> operators) {
    File builtIn;
    try (InputStream in = RegionalRules.class.getResourceAsStream(BUILT_IN)) {
      builtIn = JSON.readValue(in.readAllBytes(), File.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Region> merged = new java.util.LinkedHashMap<>();
    builtIn.regions().forEach(r -> merged.put(r.region(), r));
    List<Region> unnamed = new ArrayList<>();
    for (Region region : operators) {
      if (region.region() == null) {
        unnamed.add(region);
      } else {
        merged.put(region.region(), region);
      }
    }
    List<Region> all = new ArrayList<>(merged.values());
    all.addAll(unnamed);
    return all;
  }

  private static Map<DayOfWeek, RegionalRule.Hours> weekdays(Map<String, Day> days) {
    Map<DayOfWeek, RegionalRule.Hours> hours = new EnumMap<>(DayOfWeek.class);
    if (days != null) {
      days.forEach(
          (day, window) ->
              hours.put(
                  DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT)),
                  new RegionalRule.Hours(time(window.windowStart()), time(window.windowEnd()))));
    }
    return hours;
  }

  private static Set<DayOfWeek> days(List<String> names) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (names != null) {
      names.forEach(n -> days.add(DayOfWeek.valueOf(n.strip().toUpperCase(Locale.ROOT))));
    }
    return days;
  }

  /** {@code 24:00} is the end of the day; null stays null (the organisation's hour holds). */
  private static LocalTime time(String value) {
    if (value == null) {
      return null;
    }
    return value.equals("24:00") ? LocalTime.MAX : LocalTime.parse(value);
  }

  /**
   * The rule of the lead's region: its {@code state}'s ({@code US-<state>}) when it has one and the
   * rules name that region, else its phone's area code's.
   *
   * @param state the lead's two-letter US state; null when unknown
   */
  public Optional<RegionalRule> forLead(String state, String e164) {
    if (state != null && !state.isBlank()) {
      RegionalRule own = byRegion.get("US-" + state.strip().toUpperCase(Locale.ROOT));
      // a state with no rules of its own binds by its own law: the federal window alone
      return Optional.ofNullable(own);
    }
    return forPhone(e164);
  }

  /** The rule of the region an E.164 number's area code is in; empty when none. */
  public Optional<RegionalRule> forPhone(String e164) {
    Optional<PhoneNumber> number = PhoneZones.parse(e164);
    if (number.isEmpty() || byAreaCode.isEmpty()) {
      return Optional.empty();
    }
    String national = PhoneNumberUtil.getInstance().getNationalSignificantNumber(number.get());
    if (national.length() < 3) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        byAreaCode.get(number.get().getCountryCode() + ":" + national.substring(0, 3)));
  }

  /** How many area codes the rules cover (for the start's log line). */
  public int areaCodes() {
    return byAreaCode.size();
  }
}

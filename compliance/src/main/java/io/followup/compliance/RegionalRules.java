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
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which region's rules bind a lead, by its phone's country calling code and area code, read from a
 * rules file: the built-in {@code regional-rules.json} (Florida, Oklahoma, Maryland, with the
 * statutes cited) or the operator's ({@code REGIONAL_RULES_FILE}, same format).
 */
public final class RegionalRules {
  /** The built-in file, on the classpath. */
  public static final String BUILT_IN = "/regional-rules.json";

  public static final RegionalRules NONE = new RegionalRules(Map.of());

  private static final Pattern AREA_CODE = Pattern.compile("[2-9][0-9]{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code "1:305"} to Florida's rule. */
  private final Map<String, RegionalRule> byAreaCode;

  private RegionalRules(Map<String, RegionalRule> byAreaCode) {
    this.byAreaCode = Map.copyOf(byAreaCode);
  }

  /** The file's shape; unknown fields (notes, sources) are documentation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(List<Region> regions) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Region(
      String region,
      Integer countryCallingCode,
      List<String> areaCodes,
      String windowStart,
      String windowEnd,
      Integer maxAttemptsPer24Hours,
      List<String> citations) {}

  public static RegionalRules builtIn() {
    try (InputStream in = RegionalRules.class.getResourceAsStream(BUILT_IN)) {
      return parse(in.readAllBytes());
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
    return parse(bytes);
  }

  static RegionalRules parse(byte[] json) {
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
    Map<String, RegionalRule> byAreaCode = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Region region : file.regions()) {
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
                region.maxAttemptsPer24Hours());
      } catch (DateTimeParseException | IllegalArgumentException e) {
        problems.add(name + ": window must be HH:MM times, end after start, cap 0 or more");
        continue;
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
    return new RegionalRules(byAreaCode);
  }

  /** {@code 24:00} is the end of the day; null stays null (the organisation's hour holds). */
  private static LocalTime time(String value) {
    if (value == null) {
      return null;
    }
    return value.equals("24:00") ? LocalTime.MAX : LocalTime.parse(value);
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

package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.SendingWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FollowUpSettingsTest {

  private static FollowUpSettings with(Consumer<FollowUpSettings> change) {
    FollowUpSettings settings = new FollowUpSettings();
    change.accept(settings);
    return settings;
  }

  @Test
  void theDefaultsAreTheWorkflowsDefaultsAndBreakNoRule() {
    FollowUpSettings defaults = new FollowUpSettings();
    assertThat(Violations.of(defaults)).isEmpty();
    assertThat(defaults.toOptions()).isEqualTo(FollowUpOptions.DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 87_601, Double.NaN})
  void aNurtureIntervalOutOfRangeNamesItsVariable(double hours) {
    assertThat(Violations.of(with(s -> s.nurtureIntervalHours = hours)))
        .singleElement()
        .asString()
        .startsWith("NURTURE_INTERVAL_HOURS: must be a number of hours above 0");
  }

  @Test
  void aWindowWhoseEndPrecedesItsStartNamesTheEnd() {
    assertThat(
            Violations.of(
                with(
                    s -> {
                      s.sendingWindowStart = "21:00";
                      s.sendingWindowEnd = "08:00";
                    })))
        .singleElement()
        .asString()
        .startsWith("SENDING_WINDOW_END: must be after the sending window's start (21:00)");
  }

  @Test
  void aTimeThatIsNoTimeNamesItsVariableOnce() {
    assertThat(Violations.of(with(s -> s.sendingWindowStart = "8am")))
        .containsExactly(
            "SENDING_WINDOW_START: must be a time of day HH:MM (24:00 allowed); got 8am");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus", "+05:00", "GMT+5", "SystemV/EST5", ""})
  void anUnknownOrOffsetZoneNamesDefaultTimezone(String zone) {
    assertThat(Violations.of(with(s -> s.defaultTimezone = zone)))
        .singleElement()
        .asString()
        .startsWith("DEFAULT_TIMEZONE: must be a tz database region name");
  }

  @Test
  void aCapBelowOneNamesItsVariable() {
    assertThat(Violations.of(with(s -> s.maxSendsPerLeadPerDay = 0)))
        .containsExactly("MAX_SENDS_PER_LEAD_PER_DAY: must be at least 1; got 0");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(
            Violations.of(
                with(
                    s -> {
                      s.nurtureIntervalHours = 0;
                      s.defaultTimezone = "Nowhere";
                      s.maxSendsPerLeadPerDay = -3;
                    })))
        .hasSize(3);
  }

  /** One home for the defaults: the YAML files' ${VARIABLE:-default} repeat the Java defaults. */
  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void theYamlDefaultsAreTheJavaDefaults(String file) throws IOException {
    Map<String, String> yaml = followUpDefaults(file);
    FollowUpSettings java = new FollowUpSettings();
    assertThat(yaml.get("afterLastStep")).isEqualTo(java.afterLastStep.name());
    assertThat(Double.parseDouble(yaml.get("nurtureIntervalHours")))
        .isEqualTo(java.nurtureIntervalHours);
    assertThat(yaml.get("defaultTimezone")).isEqualTo(java.defaultTimezone);
    assertThat(yaml.get("sendingWindowStart")).isEqualTo(java.sendingWindowStart);
    assertThat(yaml.get("sendingWindowEnd")).isEqualTo(java.sendingWindowEnd);
    assertThat(Integer.parseInt(yaml.get("maxSendsPerLeadPerDay")))
        .isEqualTo(java.maxSendsPerLeadPerDay);
    assertThat(yaml.get("sendingDays")).isEqualTo(java.sendingDays);
    for (String empty :
        List.of(
            "holidays", "emailSendingWindowStart", "emailSendingWindowEnd", "regionalRulesFile")) {
      assertThat(yaml.get(empty)).as(empty).isEmpty();
    }
    assertThat(java.holidays).isEmpty();
    assertThat(java.emailSendingWindowStart).isEmpty();
    assertThat(java.regionalRulesFile).isEmpty();
  }

  @Test
  void sendingDaysAndHolidaysReachTheWindow(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("holidays.txt");
    Files.writeString(file, "# 2026\n2026-12-25\n2026-12-31, 2027-01-01 # new year\n");
    FollowUpSettings settings =
        with(
            s -> {
              s.sendingDays = "mon-fri";
              s.holidays = file.toString();
            });
    assertThat(Violations.of(settings)).isEmpty();
    SendingWindow window = settings.toOptions().sendingWindow();
    assertThat(window.days()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    assertThat(window.holidays())
        .containsExactly(
            LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1));
    assertThat(settings.toOptions().windowFor(Channel.EMAIL)).isNull();

    FollowUpSettings listed =
        with(
            s -> {
              s.sendingDays = "MON,WED,FRI-SUN";
              s.holidays = "2026-07-03, 2026-07-04";
            });
    assertThat(listed.toOptions().sendingWindow().days())
        .containsExactlyInAnyOrder(
            DayOfWeek.MONDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.FRIDAY,
            DayOfWeek.SATURDAY,
            DayOfWeek.SUNDAY);
    assertThat(listed.toOptions().sendingWindow().holidays()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MONDAY-FRIDAY", "MON-", "MON-TUE-WED", "MON;FRI"})
  void badSendingDaysNameTheirVariable(String days) {
    assertThat(Violations.of(with(s -> s.sendingDays = days)))
        .singleElement()
        .asString()
        .startsWith("SENDING_DAYS: must be days MON..SUN");
  }

  @Test
  void badHolidaysNameTheirVariable() {
    assertThat(Violations.of(with(s -> s.holidays = "2026-13-01")))
        .singleElement()
        .asString()
        .startsWith("HOLIDAYS: must be ISO dates")
        .contains("2026-13-01");
    assertThat(Violations.of(with(s -> s.holidays = "/nowhere/holidays.txt")))
        .singleElement()
        .asString()
        .startsWith("HOLIDAYS: must be ISO dates")
        .contains("cannot read the file /nowhere/holidays.txt");
  }

  @Test
  void anEmailWindowNeedsBothEndsInOrder() {
    assertThat(Violations.of(with(s -> s.emailSendingWindowStart = "09:00")))
        .containsExactly(
            "EMAIL_SENDING_WINDOW_END: is required when the other end of the email window is set");
    assertThat(
            Violations.of(
                with(
                    s -> {
                      s.emailSendingWindowStart = "18:00";
                      s.emailSendingWindowEnd = "9am";
                    })))
        .containsExactly(
            "EMAIL_SENDING_WINDOW_END: must be a time of day HH:MM (24:00 allowed); got 9am");
    assertThat(
            Violations.of(
                with(
                    s -> {
                      s.emailSendingWindowStart = "18:00";
                      s.emailSendingWindowEnd = "09:00";
                    })))
        .singleElement()
        .asString()
        .startsWith("EMAIL_SENDING_WINDOW_END: must be after the email window's start (18:00)");
    FollowUpSettings set =
        with(
            s -> {
              s.emailSendingWindowStart = "09:00";
              s.emailSendingWindowEnd = "17:00";
              s.sendingDays = "MON-FRI";
            });
    assertThat(Violations.of(set)).isEmpty();
    SendingWindow email = set.toOptions().windowFor(Channel.EMAIL);
    assertThat(email.start()).isEqualTo(LocalTime.of(9, 0));
    assertThat(email.end()).isEqualTo(LocalTime.of(17, 0));
    assertThat(email.days()).doesNotContain(DayOfWeek.SATURDAY);
  }

  @Test
  void aRegionalRulesFileMustBeReadableAndValid(@TempDir Path dir) throws IOException {
    assertThat(Violations.of(with(s -> s.regionalRulesFile = "/nowhere/rules.json")))
        .singleElement()
        .asString()
        .startsWith("REGIONAL_RULES_FILE: /nowhere/rules.json cannot read");
    Path broken = dir.resolve("rules.json");
    Files.writeString(
        broken,
        "{\"regions\": [{\"region\": \"X\", \"countryCallingCode\": 1,"
            + " \"maxAttemptsPer24Hours\": 3, \"windowStart\": \"late\"}]}");
    assertThat(Violations.of(with(s -> s.regionalRulesFile = broken.toString())))
        .singleElement()
        .asString()
        .startsWith("REGIONAL_RULES_FILE: " + broken + " X: window must be");
    Path none = dir.resolve("none.json");
    Files.writeString(none, "{\"includeBuiltIn\": false, \"regions\": []}");
    FollowUpSettings off = with(s -> s.regionalRulesFile = none.toString());
    assertThat(Violations.of(off)).isEmpty();
    assertThat(off.regionalRules().forPhone("+13055550123")).isEmpty();
    assertThat(new FollowUpSettings().regionalRules().forPhone("+13055550123")).isPresent();
  }

  private static Map<String, String> followUpDefaults(String file) throws IOException {
    String text;
    try (InputStream in = FollowUpSettingsTest.class.getResourceAsStream("/" + file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String block = text.substring(text.indexOf("\nfollowUp:"));
    block = block.substring(0, block.indexOf("\n\n"));
    Map<String, String> defaults = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^  (\\w+): \\$\\{\\w+:-([^}]*)}").matcher(block);
    while (m.find()) {
      defaults.put(m.group(1), m.group(2));
    }
    assertThat(defaults).as("followUp defaults in " + file).hasSize(11);
    return defaults;
  }
}

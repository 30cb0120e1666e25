package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.FollowUpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
    assertThat(defaults.problems()).isEmpty();
    assertThat(defaults.toOptions()).isEqualTo(FollowUpOptions.DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 87_601, Double.NaN})
  void aNurtureIntervalOutOfRangeNamesItsVariable(double hours) {
    assertThat(with(s -> s.nurtureIntervalHours = hours).problems())
        .singleElement()
        .asString()
        .startsWith("NURTURE_INTERVAL_HOURS: must be a number of hours above 0");
  }

  @Test
  void aWindowWhoseEndPrecedesItsStartNamesTheEnd() {
    assertThat(
            with(s -> {
                  s.sendingWindowStart = "21:00";
                  s.sendingWindowEnd = "08:00";
                })
                .problems())
        .singleElement()
        .asString()
        .startsWith("SENDING_WINDOW_END: must be after the sending window's start (21:00)");
  }

  @Test
  void aTimeThatIsNoTimeNamesItsVariableOnce() {
    assertThat(with(s -> s.sendingWindowStart = "8am").problems())
        .containsExactly(
            "SENDING_WINDOW_START: must be a time of day HH:MM (24:00 allowed); got 8am");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus", "+05:00", "GMT+5", "SystemV/EST5", ""})
  void anUnknownOrOffsetZoneNamesDefaultTimezone(String zone) {
    assertThat(with(s -> s.defaultTimezone = zone).problems())
        .singleElement()
        .asString()
        .startsWith("DEFAULT_TIMEZONE: must be a tz database region name");
  }

  @Test
  void aCapBelowOneNamesItsVariable() {
    assertThat(with(s -> s.maxSendsPerLeadPerDay = 0).problems())
        .containsExactly("MAX_SENDS_PER_LEAD_PER_DAY: must be at least 1; got 0");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(
            with(s -> {
                  s.nurtureIntervalHours = 0;
                  s.defaultTimezone = "Nowhere";
                  s.maxSendsPerLeadPerDay = -3;
                })
                .problems())
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
    assertThat(defaults).as("followUp defaults in " + file).hasSize(6);
    return defaults;
  }
}

package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.StepConfig;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every stateless rule of SPEC's Update lead table, from its one home. */
class FollowUpRulesTest {

  private static void rejects(Executable call, String field, String rule) {
    assertThatThrownBy(call::execute)
        .isInstanceOfSatisfying(
            FollowUpRejection.class,
            r -> {
              assertThat(r.field()).isEqualTo(field);
              assertThat(r.rule()).contains(rule);
            });
  }

  private static void rejects(StepConfig step, String field, String rule) {
    rejects(() -> FollowUpRules.validateConfig(FollowUpConfig.of(Map.of(1, step))), field, rule);
  }

  @Test
  void stepKeysAreOneToTheMaximumAndTheRuleSaysTheMaximum() {
    assertThat(FollowUpRules.MAX_STEP).isEqualTo(1000);
    for (int key : new int[] {0, -1, -2, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      rejects(
          () ->
              FollowUpRules.validateConfig(
                  FollowUpConfig.of(Map.of(key, StepConfig.of(1, Channel.TEXT)))),
          "followUpConfig." + key,
          "positive integers up to 1000");
    }
    assertThatCode(
            () ->
                FollowUpRules.validateConfig(
                    FollowUpConfig.of(
                        Map.of(
                            1, StepConfig.of(1, Channel.TEXT),
                            1000, StepConfig.of(1, Channel.TEXT)))))
        .doesNotThrowAnyException();
  }

  @Test
  void followUpStepIsMinusOneMinusTwoOrOneToTheMaximum() {
    for (int step : new int[] {0, -3, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      rejects(() -> FollowUpRules.validateFollowUpStep(step), "followUpStep", "1 to 1000");
    }
    for (int step : new int[] {-1, -2, 1, 500, 1000}) {
      assertThatCode(() -> FollowUpRules.validateFollowUpStep(step)).doesNotThrowAnyException();
    }
    rejects(
        () -> FollowUpRules.validateChange(FollowUpChange.step(2_147_483_647)),
        "followUpStep",
        "must be a step number");
  }

  @Test
  void hoursAreZeroToTenYearsWithFractions() {
    rejects(StepConfig.of(-1, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(-0.0001, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(87_600.5, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(Double.NaN, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(
        StepConfig.of(Double.POSITIVE_INFINITY, Channel.TEXT),
        "followUpConfig.1.hours",
        "from 0 to 87600");
    for (double hours : new double[] {0, 0.0005, 1.75, 87_600}) {
      assertThat(FollowUpRules.isValidHours(hours)).as("%s", hours).isTrue();
    }
    assertThatCode(
            () ->
                FollowUpRules.validateConfig(
                    FollowUpConfig.of(
                        Map.of(
                            1,
                            StepConfig.of(0, Channel.TEXT),
                            2,
                            new StepConfig(87_600, Channel.CALL, false, List.of("s1"))))))
        .doesNotThrowAnyException();
  }

  @Test
  void channelsAreTextCallOrEmail() {
    rejects(StepConfig.of(1, null), "followUpConfig.1.channel", "text, call, email");
    rejects(StepConfig.of(1, Channel.VOICEMAIL), "followUpConfig.1.channel", "text, call, email");
    assertThat(FollowUpRules.stepChannel("f", "text")).isEqualTo(Channel.TEXT);
    assertThat(FollowUpRules.stepChannel("f", "call")).isEqualTo(Channel.CALL);
    assertThat(FollowUpRules.stepChannel("f", "email")).isEqualTo(Channel.EMAIL);
    for (String bad : Arrays.asList("voicemail", "fax", "TEXT", "", null)) {
      rejects(
          () -> FollowUpRules.stepChannel("followUpConfig.2.channel", bad),
          "followUpConfig.2.channel",
          "must be one of text, call, email");
    }
  }

  @Test
  void voicemailOnlyWithCall() {
    rejects(
        new StepConfig(1, Channel.TEXT, true, null), "followUpConfig.1.voicemailEnabled", "call");
    rejects(
        new StepConfig(1, Channel.EMAIL, false, null), "followUpConfig.1.voicemailEnabled", "call");
    assertThatCode(
            () -> FollowUpRules.validateStep("s", new StepConfig(1, Channel.CALL, true, null)))
        .doesNotThrowAnyException();
  }

  @Test
  void strategyIdsAreAutoOrANonEmptyListOfIds() {
    rejects(
        new StepConfig(1, Channel.TEXT, null, List.of()),
        "followUpConfig.1.strategyIds",
        "non-empty");
    rejects(
        new StepConfig(1, Channel.TEXT, null, List.of(" ")),
        "followUpConfig.1.strategyIds",
        "non-empty");
    rejects(
        new StepConfig(1, Channel.TEXT, null, List.of("auto", "s1")),
        "followUpConfig.1.strategyIds",
        "auto");
  }

  @Test
  void aMissingStepObjectIsNamed() {
    rejects(
        () -> FollowUpRules.validateStep("followUpConfig.4", null), "followUpConfig.4", "hours");
  }

  @Test
  void onlyTzRegionNamesAndUtcAreTimeZones() {
    for (String good :
        List.of(
            "UTC",
            "America/New_York",
            "Europe/Berlin",
            "America/Argentina/Buenos_Aires",
            "Asia/Kolkata")) {
      assertThat(TimeZones.isRegionName(good)).as(good).isTrue();
      assertThatCode(() -> FollowUpRules.validateTimezone(good)).doesNotThrowAnyException();
    }
    for (String bad :
        Arrays.asList(
            "+05:00",
            "Z",
            "GMT+5",
            "UTC+01:00",
            "SystemV/EST5",
            "EST5EDT",
            "GMT",
            "Etc/GMT+5",
            "Etc/UTC",
            "utc",
            "Mars/Olympus",
            "America/",
            "/Berlin",
            "",
            null)) {
      assertThat(TimeZones.isRegionName(bad)).as(String.valueOf(bad)).isFalse();
      rejects(() -> FollowUpRules.validateTimezone(bad), "timezone", "tz database name");
    }
    assertThat(TimeZones.regionNames())
        .contains("UTC", "Europe/Paris")
        .noneMatch(n -> n.startsWith("Etc/") || n.startsWith("SystemV/"))
        .allMatch(n -> n.equals("UTC") || n.contains("/"));
  }

  @Test
  void aChangeIsCheckedFieldByField() {
    rejects(() -> FollowUpRules.validateChange(null), "body", "required");
    rejects(
        () -> FollowUpRules.validateChange(new FollowUpChange(null, null, null, "GMT", null)),
        "timezone",
        "region");
    rejects(
        () ->
            FollowUpRules.validateChange(
                FollowUpChange.config(
                    FollowUpConfig.of(Map.of(3, StepConfig.of(90_000, Channel.TEXT))))),
        "followUpConfig.3.hours",
        "must be a number from 0 to 87600");
    assertThatCode(
            () ->
                FollowUpRules.validateChange(
                    new FollowUpChange(
                        FollowUpConfig.of(Map.of(1000, StepConfig.of(0.0005, Channel.EMAIL))),
                        1000,
                        true,
                        "Europe/Berlin",
                        false)))
        .doesNotThrowAnyException();
  }

  private static List<SettingProblem> settings(
      double nurture, LocalTime start, LocalTime end, String zone, int maxSends) {
    return FollowUpRules.settingsProblems(nurture, start, end, zone, maxSends);
  }

  private static final LocalTime EIGHT = LocalTime.of(8, 0);
  private static final LocalTime NINE_PM = LocalTime.of(21, 0);

  @Test
  void goodSettingsHaveNoProblem() {
    assertThat(settings(720, EIGHT, NINE_PM, "UTC", 10)).isEmpty();
    assertThat(settings(87_600, LocalTime.MIN, LocalTime.MAX, "America/Chicago", 1)).isEmpty();
    assertThat(settings(0.5, EIGHT, NINE_PM, "Europe/Berlin", 1_000)).isEmpty();
  }

  @Test
  void eachBadSettingIsReportedUnderItsOwnName() {
    for (double nurture : new double[] {0, -1, 87_600.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThat(settings(nurture, EIGHT, NINE_PM, "UTC", 10))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.setting()).isEqualTo(FollowUpSetting.NURTURE_INTERVAL_HOURS);
                assertThat(p.message()).startsWith("NURTURE_INTERVAL_HOURS: ").contains("87600");
              });
    }
    assertThat(settings(720, NINE_PM, EIGHT, "UTC", 10))
        .extracting(SettingProblem::setting)
        .containsExactly(FollowUpSetting.SENDING_WINDOW_END);
    assertThat(settings(720, EIGHT, EIGHT, "UTC", 10))
        .extracting(SettingProblem::setting)
        .containsExactly(FollowUpSetting.SENDING_WINDOW_END);
    assertThat(settings(720, null, NINE_PM, "UTC", 10))
        .extracting(SettingProblem::setting)
        .containsExactly(FollowUpSetting.SENDING_WINDOW_START);
    for (String zone : Arrays.asList("Mars/Base", "+02:00", "GMT", "Etc/UTC", null)) {
      assertThat(settings(720, EIGHT, NINE_PM, zone, 10))
          .extracting(SettingProblem::setting)
          .containsExactly(FollowUpSetting.DEFAULT_TIMEZONE);
    }
    for (int max : new int[] {0, -5}) {
      assertThat(settings(720, EIGHT, NINE_PM, "UTC", max))
          .extracting(SettingProblem::setting)
          .containsExactly(FollowUpSetting.MAX_SENDS_PER_LEAD_PER_DAY);
    }
    assertThat(settings(0, NINE_PM, EIGHT, "Z", 0))
        .extracting(SettingProblem::setting)
        .containsExactly(
            FollowUpSetting.NURTURE_INTERVAL_HOURS,
            FollowUpSetting.SENDING_WINDOW_END,
            FollowUpSetting.DEFAULT_TIMEZONE,
            FollowUpSetting.MAX_SENDS_PER_LEAD_PER_DAY);
  }

  @Test
  void settingNamesAreTheEnvironmentVariables() {
    assertThat(FollowUpSetting.values())
        .extracting(Enum::name)
        .containsExactly(
            "NURTURE_INTERVAL_HOURS",
            "SENDING_WINDOW_START",
            "SENDING_WINDOW_END",
            "DEFAULT_TIMEZONE",
            "MAX_SENDS_PER_LEAD_PER_DAY",
            "SENDING_DAYS",
            "HOLIDAYS",
            "EMAIL_SENDING_WINDOW_START",
            "EMAIL_SENDING_WINDOW_END",
            "REGIONAL_RULES_FILE");
  }
}

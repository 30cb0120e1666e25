package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.schedule.FollowUpRules;
import io.followup.workflows.schedule.FollowUpSetting;
import io.followup.workflows.schedule.SettingProblem;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The organisation's follow-up settings, handed to every lead's workflow as its options. The
 * defaults are {@link FollowUpOptions#DEFAULTS} (the workflow's own fallbacks); the YAML files
 * repeat them as {@code ${VARIABLE:-default}} and {@code ConfigDefaultsTest} keeps them equal.
 * {@link #problems()} is checked at start: a bad value stops the start with a line naming its
 * environment variable.
 */
public class FollowUpSettings {
  private static final FollowUpOptions DEFAULTS = FollowUpOptions.DEFAULTS;

  @JsonProperty public AfterLastStep afterLastStep = DEFAULTS.afterLastStep();
  @JsonProperty public double nurtureIntervalHours = DEFAULTS.nurtureIntervalHours();
  @JsonProperty public String nurtureChannel = DEFAULTS.nurtureChannel().wireName();
  @JsonProperty public String defaultTimezone = DEFAULTS.defaultTimezone();
  @JsonProperty public String sendingWindowStart = DEFAULTS.sendingWindow().start().toString();
  @JsonProperty public String sendingWindowEnd = DEFAULTS.sendingWindow().end().toString();
  @JsonProperty public int maxSendsPerLeadPerDay = DEFAULTS.maxSendsPerLeadPerDay();

  /** Strategy ids a step may name besides "auto" (a strategy catalogue is yet to come). */
  @JsonProperty public List<String> strategyIds = new ArrayList<>();

  /** Every rule these settings break, each as {@code VARIABLE: rule}; empty when they are fine. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    LocalTime start = time(FollowUpSetting.SENDING_WINDOW_START, sendingWindowStart, problems);
    LocalTime end = time(FollowUpSetting.SENDING_WINDOW_END, sendingWindowEnd, problems);
    FollowUpRules.settingsProblems(
            nurtureIntervalHours, start, end, defaultTimezone, maxSendsPerLeadPerDay)
        .stream()
        // a time that does not parse is reported once, above, not again as "is required"
        .filter(p -> !(p.rule().equals("is required") && isTimeSetting(p)))
        .map(SettingProblem::message)
        .forEach(problems::add);
    if (!List.of("text", "email").contains(nurtureChannel)) {
      problems.add("followUp.nurtureChannel: must be text or email; got " + nurtureChannel);
    }
    return problems;
  }

  public FollowUpOptions toOptions() {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        Channel.fromWire(nurtureChannel),
        new SendingWindow(
            LocalTime.parse(sendingWindowStart), endOfWindow(sendingWindowEnd), null, null, false),
        defaultTimezone,
        DEFAULTS.maxHistoryEvents(),
        DEFAULTS.maxRunDays(),
        maxSendsPerLeadPerDay);
  }

  private static boolean isTimeSetting(SettingProblem problem) {
    return problem.setting() == FollowUpSetting.SENDING_WINDOW_START
        || problem.setting() == FollowUpSetting.SENDING_WINDOW_END;
  }

  /** {@code 24:00} is the end of the day. */
  private static LocalTime endOfWindow(String value) {
    return value.equals("24:00") ? LocalTime.MAX : LocalTime.parse(value);
  }

  private static LocalTime time(FollowUpSetting setting, String value, List<String> problems) {
    try {
      return value == null ? null : endOfWindow(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(
          new SettingProblem(setting, "must be a time of day HH:MM (24:00 allowed); got " + value)
              .message());
      return null;
    }
  }
}

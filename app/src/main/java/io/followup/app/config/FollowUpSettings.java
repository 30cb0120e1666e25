package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.compliance.RegionalRules;
import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.schedule.FollowUpRules;
import io.followup.workflows.schedule.FollowUpSetting;
import io.followup.workflows.schedule.SettingProblem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The organisation's follow-up settings, handed to every lead's workflow as its options. The
 * defaults are {@link FollowUpOptions#DEFAULTS} (the workflow's own fallbacks); the YAML files
 * repeat them as {@code ${VARIABLE:-default}} and {@code ConfigDefaultsTest} keeps them equal. They
 * are validated before the start (the nurture channel by its annotation, the rest by {@link
 * #problems()}): a bad value stops it with a line naming its environment variable.
 */
@HandChecked
public class FollowUpSettings implements HandChecked.Settings {
  private static final FollowUpOptions DEFAULTS = FollowUpOptions.DEFAULTS;

  @JsonProperty public AfterLastStep afterLastStep = DEFAULTS.afterLastStep();
  @JsonProperty public double nurtureIntervalHours = DEFAULTS.nurtureIntervalHours();

  @NotNull(message = "followUp.nurtureChannel: must be text or email")
  @Pattern(
      regexp = "text|email",
      message = "followUp.nurtureChannel: must be text or email; got ${validatedValue}")
  @JsonProperty
  public String nurtureChannel = DEFAULTS.nurtureChannel().wireName();

  @JsonProperty public String defaultTimezone = DEFAULTS.defaultTimezone();
  @JsonProperty public String sendingWindowStart = DEFAULTS.sendingWindow().start().toString();
  @JsonProperty public String sendingWindowEnd = DEFAULTS.sendingWindow().end().toString();
  @JsonProperty public int maxSendsPerLeadPerDay = DEFAULTS.maxSendsPerLeadPerDay();

  /** Weekdays texts and calls (and a configured email window) may go out on. */
  @JsonProperty public String sendingDays = "MON-SUN";

  /** ISO dates, or a file of them; empty: none. */
  @JsonProperty public String holidays = "";

  /** Both empty: email at any hour. */
  @JsonProperty public String emailSendingWindowStart = "";

  @JsonProperty public String emailSendingWindowEnd = "";

  /** Empty: the built-in rules ({@code regional-rules.json}); else a file in the same format. */
  @JsonProperty public String regionalRulesFile = "";

  /**
   * Every rule these settings break, each as {@code VARIABLE: rule}: the rules the workflow's own
   * Update validator applies ({@link FollowUpRules#settingsProblems}), and the values read by a
   * parser (times, days, holidays, the regional rules file).
   */
  @Override
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
    check(FollowUpSetting.SENDING_DAYS, () -> SendingCalendar.days(sendingDays), problems);
    check(FollowUpSetting.HOLIDAYS, () -> SendingCalendar.holidays(holidays), problems);
    emailWindowProblems(problems);
    check(FollowUpSetting.REGIONAL_RULES_FILE, this::regionalRules, problems);
    return problems;
  }

  private void emailWindowProblems(List<String> problems) {
    boolean hasStart = !isBlank(emailSendingWindowStart);
    boolean hasEnd = !isBlank(emailSendingWindowEnd);
    if (hasStart != hasEnd) {
      FollowUpSetting missing =
          hasStart
              ? FollowUpSetting.EMAIL_SENDING_WINDOW_END
              : FollowUpSetting.EMAIL_SENDING_WINDOW_START;
      problems.add(
          new SettingProblem(missing, "is required when the other end of the email window is set")
              .message());
      return;
    }
    if (!hasStart) {
      return;
    }
    LocalTime start =
        time(FollowUpSetting.EMAIL_SENDING_WINDOW_START, emailSendingWindowStart, problems);
    LocalTime end = time(FollowUpSetting.EMAIL_SENDING_WINDOW_END, emailSendingWindowEnd, problems);
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add(
          new SettingProblem(
                  FollowUpSetting.EMAIL_SENDING_WINDOW_END,
                  "must be after the email window's start ("
                      + start
                      + "); got "
                      + emailSendingWindowEnd)
              .message());
    }
  }

  /** The regional rules: the operator's file, else the built-in ones. */
  public RegionalRules regionalRules() {
    if (isBlank(regionalRulesFile)) {
      return RegionalRules.builtIn();
    }
    try {
      return RegionalRules.load(Path.of(regionalRulesFile.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(regionalRulesFile + " " + e.getMessage());
    }
  }

  private static void check(FollowUpSetting setting, Supplier<?> parse, List<String> problems) {
    try {
      parse.get();
    } catch (IllegalArgumentException e) {
      problems.add(new SettingProblem(setting, e.getMessage()).message());
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  public FollowUpOptions toOptions() {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        Channel.fromWire(nurtureChannel),
        new SendingWindow(
            LocalTime.parse(sendingWindowStart.strip()),
            endOfWindow(sendingWindowEnd.strip()),
            days(),
            SendingCalendar.holidays(holidays),
            false),
        defaultTimezone,
        DEFAULTS.maxHistoryEvents(),
        DEFAULTS.maxRunDays(),
        maxSendsPerLeadPerDay,
        isBlank(emailSendingWindowStart)
            ? null
            : new SendingWindow(
                LocalTime.parse(emailSendingWindowStart.strip()),
                endOfWindow(emailSendingWindowEnd.strip()),
                days(),
                SendingCalendar.holidays(holidays),
                true));
  }

  /** Every day (null) when all seven are allowed, as the defaults say. */
  private Set<DayOfWeek> days() {
    Set<DayOfWeek> days = SendingCalendar.days(sendingDays);
    return days.size() == DayOfWeek.values().length ? null : days;
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

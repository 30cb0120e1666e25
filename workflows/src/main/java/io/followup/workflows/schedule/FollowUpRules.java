package io.followup.workflows.schedule;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.StepConfig;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one home of the stateless follow-up rules (SPEC, Update lead): step keys and step numbers,
 * hours, channels, voicemail, strategy id shapes, time zone names, and the organisation's settings.
 * Pure functions: the API runs them on a request, {@link FollowUpSchedule#apply} runs them for the
 * create pre-check and the workflow's Update validator. A broken rule throws {@link
 * FollowUpRejection} naming the field.
 *
 * <p>What needs state (a step that must exist in the config, the strategy catalogue) is not here.
 */
public final class FollowUpRules {
  /** The highest step number a config key or {@code followUpStep} may have. */
  public static final int MAX_STEP = 1000;

  /** The most hours a step (or the nurture interval) may wait: ten years. */
  public static final double MAX_HOURS = StepConfig.MAX_HOURS;

  public static final String STEP_KEY_RULE =
      "step keys must be positive integers up to " + MAX_STEP;
  public static final String STEP_OBJECT_RULE = "must be an object with hours and channel";
  public static final String HOURS_RULE = "must be a number from 0 to 87600";
  public static final String CHANNEL_RULE = "must be one of text, call, email";
  public static final String VOICEMAIL_RULE = "is only valid on a step whose channel is call";
  public static final String STRATEGY_IDS_RULE =
      "must be \"auto\", a strategy id or a non-empty array of ids";
  public static final String STRATEGY_AUTO_RULE = "\"auto\" cannot be mixed with ids";
  public static final String FOLLOW_UP_STEP_RULE =
      "must be a step number of followUpConfig (1 to "
          + MAX_STEP
          + "), -1 (stop) or -2 (long-term)";
  public static final String TIMEZONE_RULE =
      "must be a tz database name such as America/New_York or UTC (a region name, not an offset)";

  private FollowUpRules() {}

  /** Every stateless rule of a change: its config, its step number, its time zone. */
  public static void validateChange(FollowUpChange change) {
    if (change == null) {
      throw new FollowUpRejection("body", "a change is required");
    }
    if (change.followUpConfig() != null) {
      validateConfig(change.followUpConfig());
    }
    if (change.followUpStep() != null) {
      validateFollowUpStep(change.followUpStep());
    }
    if (change.timezone() != null) {
      validateTimezone(change.timezone());
    }
    PauseRules.validate(change);
  }

  /** Keys 1..{@value #MAX_STEP}, and every step's own rules. */
  public static void validateConfig(FollowUpConfig config) {
    for (Map.Entry<Integer, StepConfig> entry : config.steps().entrySet()) {
      int key = entry.getKey();
      validateStepKey(key);
      validateStep("followUpConfig." + key, entry.getValue());
    }
  }

  public static void validateStepKey(int key) {
    if (key < 1 || key > MAX_STEP) {
      throw new FollowUpRejection("followUpConfig." + key, STEP_KEY_RULE);
    }
  }

  /**
   * One step's rules; {@code field} is the step's own ({@code followUpConfig.3}).
   *
   * @throws FollowUpRejection naming {@code field} or one of its members
   */
  public static void validateStep(String field, StepConfig step) {
    if (step == null) {
      throw new FollowUpRejection(field, STEP_OBJECT_RULE);
    }
    validateHours(field + ".hours", step.hours());
    if (step.channel() == null || step.channel() == Channel.VOICEMAIL) {
      throw new FollowUpRejection(field + ".channel", CHANNEL_RULE);
    }
    if (step.voicemailEnabled() != null && step.channel() != Channel.CALL) {
      throw new FollowUpRejection(field + ".voicemailEnabled", VOICEMAIL_RULE);
    }
    List<String> ids = step.strategyIds();
    if (ids != null) {
      if (ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
        throw new FollowUpRejection(field + ".strategyIds", STRATEGY_IDS_RULE);
      }
      if (ids.contains(StepConfig.AUTO) && ids.size() > 1) {
        throw new FollowUpRejection(field + ".strategyIds", STRATEGY_AUTO_RULE);
      }
    }
  }

  /** 0 to {@value #MAX_HOURS}, fractions allowed; never NaN or infinite. */
  public static void validateHours(String field, double hours) {
    if (!isValidHours(hours)) {
      throw new FollowUpRejection(field, HOURS_RULE);
    }
  }

  public static boolean isValidHours(double hours) {
    return Double.isFinite(hours) && hours >= 0 && hours <= MAX_HOURS;
  }

  /**
   * The channel a step's wire name stands for: {@code text}, {@code call} or {@code email}.
   *
   * @param field the channel's field ({@code followUpConfig.3.channel})
   */
  public static Channel stepChannel(String field, String wireName) {
    if (wireName != null) {
      for (Channel channel : List.of(Channel.TEXT, Channel.CALL, Channel.EMAIL)) {
        if (channel.wireName().equals(wireName)) {
          return channel;
        }
      }
    }
    throw new FollowUpRejection(field, CHANNEL_RULE);
  }

  /** {@code -1} (stop), {@code -2} (long-term) or 1..{@value #MAX_STEP}. */
  public static void validateFollowUpStep(int step) {
    boolean special = step == FollowUpState.STOPPED || step == FollowUpState.LONG_TERM;
    if (!special && (step < 1 || step > MAX_STEP)) {
      throw new FollowUpRejection("followUpStep", FOLLOW_UP_STEP_RULE);
    }
  }

  /** A region name of the tz database, or {@code UTC}: {@link TimeZones#isRegionName}. */
  public static void validateTimezone(String zone) {
    if (!TimeZones.isRegionName(zone)) {
      throw new FollowUpRejection("timezone", TIMEZONE_RULE);
    }
  }

  /**
   * The problems of the organisation's follow-up settings, empty when there are none; the app
   * checks them at start and refuses to run with any.
   *
   * @param sendingWindowEnd {@link LocalTime#MAX} for a window open until midnight
   */
  public static List<SettingProblem> settingsProblems(
      double nurtureIntervalHours,
      LocalTime sendingWindowStart,
      LocalTime sendingWindowEnd,
      String defaultTimezone,
      int maxSendsPerLeadPerDay) {
    List<SettingProblem> problems = new ArrayList<>();
    if (!(Double.isFinite(nurtureIntervalHours)
        && nurtureIntervalHours > 0
        && nurtureIntervalHours <= MAX_HOURS)) {
      problems.add(
          new SettingProblem(
              FollowUpSetting.NURTURE_INTERVAL_HOURS,
              "must be a number of hours above 0 and at most 87600; got " + nurtureIntervalHours));
    }
    if (sendingWindowStart == null) {
      problems.add(new SettingProblem(FollowUpSetting.SENDING_WINDOW_START, "is required"));
    }
    if (sendingWindowEnd == null) {
      problems.add(new SettingProblem(FollowUpSetting.SENDING_WINDOW_END, "is required"));
    }
    if (sendingWindowStart != null
        && sendingWindowEnd != null
        && !sendingWindowEnd.isAfter(sendingWindowStart)) {
      problems.add(
          new SettingProblem(
              FollowUpSetting.SENDING_WINDOW_END,
              "must be after the sending window's start ("
                  + sendingWindowStart
                  + "); got "
                  + (sendingWindowEnd.equals(LocalTime.MAX) ? "24:00" : sendingWindowEnd)));
    }
    if (!TimeZones.isRegionName(defaultTimezone)) {
      problems.add(
          new SettingProblem(
              FollowUpSetting.DEFAULT_TIMEZONE,
              "must be a tz database region name such as America/New_York or UTC; got "
                  + defaultTimezone));
    }
    if (maxSendsPerLeadPerDay < 1) {
      problems.add(
          new SettingProblem(
              FollowUpSetting.MAX_SENDS_PER_LEAD_PER_DAY,
              "must be at least 1; got " + maxSendsPerLeadPerDay));
    }
    return List.copyOf(problems);
  }
}

package io.followup.workflows.schedule;

/**
 * An organisation setting that {@link FollowUpRules#settingsProblems} checks. Each constant is
 * named after the environment variable that sets it (SPEC, Configuration contract), so a caller can
 * report a problem as {@code setting.name()}.
 */
public enum FollowUpSetting {
  NURTURE_INTERVAL_HOURS,
  SENDING_WINDOW_START,
  SENDING_WINDOW_END,
  DEFAULT_TIMEZONE,
  MAX_SENDS_PER_LEAD_PER_DAY,
  SENDING_DAYS,
  HOLIDAYS,
  EMAIL_SENDING_WINDOW_START,
  EMAIL_SENDING_WINDOW_END,
  REGIONAL_RULES_FILE
}

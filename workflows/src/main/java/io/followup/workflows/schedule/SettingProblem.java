package io.followup.workflows.schedule;

/**
 * A setting that breaks a rule: {@code setting} says which (named after its environment variable),
 * {@code rule} what it must be.
 */
public record SettingProblem(FollowUpSetting setting, String rule) {

  /** {@code SETTING: rule}. */
  public String message() {
    return setting.name() + ": " + rule;
  }
}

package io.followup.workflows.schedule;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The scheduling rules of SPEC ("Update lead", "Follow-up execution") as pure functions of (state,
 * change, now). The workflow's validator and its update handler call the same {@link #apply}, so
 * what is validated is exactly what is applied.
 */
public final class FollowUpSchedule {

  private FollowUpSchedule() {}

  /** Decimal hours to a duration, to the millisecond. */
  public static Duration hours(double hours) {
    return Duration.ofMillis(Math.round(hours * 3_600_000d));
  }

  /** The stateless rules of a config; the API runs them too, before anything is locked. */
  public static void validateConfig(FollowUpConfig config) {
    for (Map.Entry<Integer, StepConfig> entry : config.steps().entrySet()) {
      int key = entry.getKey();
      String field = "followUpConfig." + key;
      if (key <= 0) {
        throw new FollowUpRejection(field, "step keys must be positive integers");
      }
      StepConfig step = entry.getValue();
      if (step == null) {
        throw new FollowUpRejection(field, "must be an object with hours and channel");
      }
      if (!Double.isFinite(step.hours())
          || step.hours() < 0
          || step.hours() > StepConfig.MAX_HOURS) {
        throw new FollowUpRejection(field + ".hours", "must be a number from 0 to 87600");
      }
      if (step.channel() == null || step.channel() == Channel.VOICEMAIL) {
        throw new FollowUpRejection(field + ".channel", "must be one of text, call, email");
      }
      if (step.voicemailEnabled() != null && step.channel() != Channel.CALL) {
        throw new FollowUpRejection(
            field + ".voicemailEnabled", "is only valid on a step whose channel is call");
      }
      if (step.strategyIds() != null) {
        if (step.strategyIds().isEmpty()
            || step.strategyIds().stream().anyMatch(id -> id == null || id.isBlank())) {
          throw new FollowUpRejection(
              field + ".strategyIds",
              "must be \"auto\", a strategy id or a non-empty array of ids");
        }
        if (step.strategyIds().contains(StepConfig.AUTO) && step.strategyIds().size() > 1) {
          throw new FollowUpRejection(field + ".strategyIds", "\"auto\" cannot be mixed with ids");
        }
      }
    }
  }

  /**
   * The state after {@code change} is applied at {@code now}; throws {@link FollowUpRejection} and
   * changes nothing when a rule is broken.
   */
  public static FollowUpState apply(
      FollowUpState state, FollowUpChange change, Instant now, FollowUpOptions options) {
    if (change.followUpConfig() != null) {
      validateConfig(change.followUpConfig());
    }
    FollowUpState facts =
        state.withLeadFacts(
            change.useStrategiesForFollowUps() != null
                ? change.useStrategiesForFollowUps()
                : state.useStrategiesForFollowUps(),
            change.timezone() != null ? change.timezone() : state.timezone(),
            change.unsubscribed() != null ? change.unsubscribed() : state.unsubscribed());
    if (!change.touchesSchedule()) {
      return facts;
    }
    FollowUpConfig config =
        change.followUpConfig() != null ? change.followUpConfig() : state.followUpConfig();
    FollowUpState next = facts.withChangeSeq(state.changeSeq() + 1);
    if (change.followUpStep() != null) {
      return schedule(next, config, change.followUpStep(), now, options);
    }
    // config only: keep the current step with its new hours
    return switch (state.followUpStatus()) {
      case SCHEDULED -> {
        if (!config.has(state.followUpStep())) {
          throw new FollowUpRejection(
              "followUpConfig",
              "the current step "
                  + state.followUpStep()
                  + " is not in the new config; send followUpStep too");
        }
        yield schedule(next, config, state.followUpStep(), now, options);
      }
      // a stopped or long-term lead keeps its state; the config is kept for later
      case STOPPED, LONG_TERM -> next.withConfig(config);
      // a lead that never had a schedule starts at the config's first step
      case UNSCHEDULED ->
          config
              .first()
              .map(first -> schedule(next, config, first, now, options))
              .orElse(next.withConfig(config));
    };
  }

  /** Arms {@code step} of {@code config} at now + its hours (or stops, or goes long-term). */
  static FollowUpState schedule(
      FollowUpState state, FollowUpConfig config, int step, Instant now, FollowUpOptions options) {
    if (step == FollowUpState.STOPPED) {
      return state.withSchedule(config, step, FollowUpStatus.STOPPED, null, null);
    }
    if (step == FollowUpState.LONG_TERM) {
      return state.withSchedule(
          config,
          step,
          FollowUpStatus.LONG_TERM,
          now.plus(hours(options.nurtureIntervalHours())),
          options.nurtureChannel());
    }
    if (step <= 0 || !config.has(step)) {
      throw new FollowUpRejection(
          "followUpStep",
          "must be a step of followUpConfig "
              + config.steps().keySet()
              + ", -1 or -2; got "
              + step);
    }
    StepConfig target = config.step(step);
    return state.withSchedule(
        config, step, FollowUpStatus.SCHEDULED, now.plus(hours(target.hours())), target.channel());
  }

  /**
   * After the armed send ran at {@code now}: the next step in key order at now + its hours; after
   * the last step, long-term or stopped as the options say; a nurture touch re-arms itself.
   */
  public static FollowUpState advance(FollowUpState state, Instant now, FollowUpOptions options) {
    if (state.followUpStatus() == FollowUpStatus.LONG_TERM) {
      return schedule(state, state.followUpConfig(), FollowUpState.LONG_TERM, now, options);
    }
    FollowUpConfig config = state.followUpConfig();
    return config
        .after(state.followUpStep())
        .map(step -> schedule(state, config, step, now, options))
        .orElseGet(
            () ->
                schedule(
                    state,
                    config,
                    switch (options.afterLastStep()) {
                      case LONG_TERM -> FollowUpState.LONG_TERM;
                      case STOPPED -> FollowUpState.STOPPED;
                    },
                    now,
                    options));
  }
}

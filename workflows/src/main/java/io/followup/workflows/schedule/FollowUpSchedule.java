package io.followup.workflows.schedule;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The scheduling rules of SPEC ("Update lead", "Follow-up execution") as pure functions of (state,
 * change, now). The workflow's validator and its update handler call the same {@link #apply}, so
 * what is validated is exactly what is applied.
 */
public final class FollowUpSchedule {

  private FollowUpSchedule() {}

  /**
   * Decimal hours to a duration, to the millisecond. Defensive: a value outside 0..{@value
   * FollowUpRules#MAX_HOURS} (or NaN) from an old payload is clamped into that range, so the result
   * never overflows an instant.
   */
  public static Duration hours(double hours) {
    double clamped =
        Double.isNaN(hours) || hours < 0 ? 0 : Math.min(hours, FollowUpRules.MAX_HOURS);
    return Duration.ofMillis(Math.round(clamped * 3_600_000d));
  }

  /**
   * The state after {@code change} is applied at {@code now}; throws {@link FollowUpRejection} and
   * changes nothing when a rule is broken. Runs every stateless rule ({@link
   * FollowUpRules#validateChange}) and then the stateful ones: the create pre-check and the
   * workflow's Update validator call it.
   */
  public static FollowUpState apply(
      FollowUpState state, FollowUpChange change, Instant now, FollowUpOptions options) {
    FollowUpRules.validateChange(change);
    return applyAccepted(state, change, now, options);
  }

  /**
   * {@link #apply} without the stateless rules, for the workflow's Update handler: the validator
   * ran {@link #apply} on the same state just before, and an update accepted under older rules must
   * still replay (a stricter stateless rule must not fail the handler of an accepted update).
   */
  public static FollowUpState applyAccepted(
      FollowUpState state, FollowUpChange change, Instant now, FollowUpOptions options) {
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
    FollowUpState scheduled = scheduleChange(state, next, config, change, now, options);
    FollowUpStatus status = change.followUpStatus();
    if (status == FollowUpStatus.PAUSED) {
      return PauseRules.pause(scheduled, change.resumeAt(), now);
    }
    if (status == FollowUpStatus.SCHEDULED) {
      return switch (scheduled.followUpStatus()) {
        case PAUSED -> PauseRules.resume(scheduled, now);
        case SCHEDULED, LONG_TERM -> scheduled;
        case STOPPED, REPLIED, UNSCHEDULED ->
            throw new FollowUpRejection(
                "followUpStatus",
                "SCHEDULED resumes a PAUSED lead; this one is "
                    + scheduled.followUpStatus()
                    + " (send followUpStep to schedule it)");
      };
    }
    if (state.followUpStatus() == FollowUpStatus.PAUSED
        && (scheduled.followUpStatus() == FollowUpStatus.SCHEDULED
            || scheduled.followUpStatus() == FollowUpStatus.LONG_TERM)) {
      // a paused lead stays paused: the new step or timing waits for the resume
      return PauseRules.pause(scheduled, state.resumeAt(), now);
    }
    return scheduled;
  }

  /** The step and config part of a change (a status alone leaves them as they are). */
  private static FollowUpState scheduleChange(
      FollowUpState state,
      FollowUpState next,
      FollowUpConfig config,
      FollowUpChange change,
      Instant now,
      FollowUpOptions options) {
    if (change.followUpStep() != null) {
      return schedule(next, config, change.followUpStep(), now, options);
    }
    if (change.followUpConfig() == null) {
      return next;
    }
    // config only: keep the current step with its new hours
    FollowUpStatus current = state.followUpStatus();
    if (current == FollowUpStatus.PAUSED && state.followUpStep() == FollowUpState.LONG_TERM) {
      // a paused nurture keeps its time left; the config is kept for later
      return next.withConfig(config);
    }
    return switch (current) {
      case SCHEDULED, PAUSED -> {
        if (!config.has(state.followUpStep())) {
          throw new FollowUpRejection(
              "followUpConfig",
              "the current step "
                  + state.followUpStep()
                  + " is not in the new config; send followUpStep too");
        }
        yield schedule(next, config, state.followUpStep(), now, options);
      }
      // a stopped, replied or long-term lead keeps its state; the config is kept for later
      case STOPPED, REPLIED, LONG_TERM -> next.withConfig(config);
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

  /**
   * After a one-off message with {@code scheduleFollowUps} went out at {@code now}: the schedule
   * restarts at its config's first step, at now + its hours, as an accepted change would (the
   * change counter moves, so a pending follow-up timer is replaced). A lead without a config keeps
   * its state.
   */
  public static FollowUpState restart(FollowUpState state, Instant now, FollowUpOptions options) {
    FollowUpConfig config = state.followUpConfig();
    return config
        .first()
        .map(
            first ->
                schedule(state.withChangeSeq(state.changeSeq() + 1), config, first, now, options))
        .orElse(state);
  }
}

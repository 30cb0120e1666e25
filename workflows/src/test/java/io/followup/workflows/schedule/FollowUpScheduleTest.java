package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

class FollowUpScheduleTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(1, StepConfig.of(1, Channel.TEXT), 3, StepConfig.of(2.5, Channel.EMAIL)));

  @Test
  void hoursAreDecimal() {
    assertThat(FollowUpSchedule.hours(0.0005)).isEqualTo(Duration.ofMillis(1_800));
    assertThat(FollowUpSchedule.hours(1.75)).isEqualTo(Duration.ofMinutes(105));
  }

  @Test
  void hoursNeverOverflowOrGoNegativeWhateverAnOldPayloadHolds() {
    Duration max = Duration.ofHours(87_600);
    assertThat(FollowUpSchedule.hours(87_600)).isEqualTo(max);
    assertThat(FollowUpSchedule.hours(1e300)).isEqualTo(max);
    assertThat(FollowUpSchedule.hours(Double.POSITIVE_INFINITY)).isEqualTo(max);
    assertThat(FollowUpSchedule.hours(Double.NaN)).isEqualTo(Duration.ZERO);
    assertThat(FollowUpSchedule.hours(-5)).isEqualTo(Duration.ZERO);
    // ten years from now is a valid instant
    assertThat(NOW.plus(FollowUpSchedule.hours(Double.MAX_VALUE))).isAfter(NOW);
  }

  @Test
  void theNurtureIntervalOfABadOptionIsNeverZeroNorBeyondTenYears() {
    assertThat(FollowUpOptions.DEFAULTS.withNurtureIntervalHours(0).nurtureIntervalHours())
        .isEqualTo(720);
    assertThat(FollowUpOptions.DEFAULTS.withNurtureIntervalHours(-3).nurtureIntervalHours())
        .isEqualTo(720);
    assertThat(FollowUpOptions.DEFAULTS.withNurtureIntervalHours(Double.NaN).nurtureIntervalHours())
        .isEqualTo(720);
    assertThat(FollowUpOptions.DEFAULTS.withNurtureIntervalHours(1e12).nurtureIntervalHours())
        .isEqualTo(87_600);
    FollowUpState longTerm =
        FollowUpSchedule.apply(
            FollowUpState.unscheduled("l"),
            FollowUpChange.step(FollowUpState.LONG_TERM),
            NOW,
            FollowUpOptions.DEFAULTS.withNurtureIntervalHours(1e12));
    assertThat(longTerm.nextFollowUpAt()).isEqualTo(NOW.plus(Duration.ofHours(87_600)));
  }

  @Test
  void theStepAfterTheLargestKeysIsNavigatedWithoutArithmetic() {
    FollowUpConfig edge =
        FollowUpConfig.of(
            Map.of(
                1000,
                StepConfig.of(1, Channel.TEXT),
                Integer.MAX_VALUE,
                StepConfig.of(1, Channel.TEXT)));
    assertThat(edge.after(Integer.MAX_VALUE)).isEmpty();
    assertThat(edge.after(1000)).contains(Integer.MAX_VALUE);
    assertThat(edge.after(Integer.MIN_VALUE)).contains(1000);
    assertThat(CONFIG.after(1)).contains(3);
    assertThat(CONFIG.after(3)).isEmpty();
  }

  @Test
  void lastStepAtTheMaximumGoesLongTerm() {
    FollowUpConfig only = FollowUpConfig.of(Map.of(1000, StepConfig.of(0.0005, Channel.EMAIL)));
    FollowUpState armed =
        FollowUpSchedule.apply(
            FollowUpState.unscheduled("l"),
            FollowUpChange.reset(only, 1000),
            NOW,
            FollowUpOptions.DEFAULTS);
    FollowUpState after = FollowUpSchedule.advance(armed, NOW, FollowUpOptions.DEFAULTS);
    assertThat(after.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
  }

  @Test
  void applyRunsTheStatelessRulesAndApplyAcceptedDoesNot() {
    FollowUpConfig tooHigh = FollowUpConfig.of(Map.of(1001, StepConfig.of(1, Channel.TEXT)));
    FollowUpState state = FollowUpState.unscheduled("l");
    assertThatThrownBy(
            () ->
                FollowUpSchedule.apply(
                    state, FollowUpChange.reset(tooHigh, 1001), NOW, FollowUpOptions.DEFAULTS))
        .hasMessage("followUpConfig.1001: step keys must be positive integers up to 1000");
    assertThatThrownBy(
            () ->
                FollowUpSchedule.apply(
                    state,
                    new FollowUpChange(null, null, null, "+05:00", null),
                    NOW,
                    FollowUpOptions.DEFAULTS))
        .isInstanceOfSatisfying(
            FollowUpRejection.class, r -> assertThat(r.field()).isEqualTo("timezone"));
    // an update accepted by an older version replays: the handler does not re-run those rules
    assertThat(
            FollowUpSchedule.applyAccepted(
                    state, FollowUpChange.reset(tooHigh, 1001), NOW, FollowUpOptions.DEFAULTS)
                .followUpStep())
        .isEqualTo(1001);
  }

  @Test
  void configOnlyOnAnUnscheduledLeadStartsAtTheFirstStep() {
    FollowUpState state =
        FollowUpSchedule.apply(
            FollowUpState.unscheduled("l"),
            FollowUpChange.config(CONFIG),
            NOW,
            FollowUpOptions.DEFAULTS);
    assertThat(state.followUpStep()).isEqualTo(1);
    assertThat(state.nextFollowUpAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void advanceGoesToTheNextKeyInOrderNotTheNextInteger() {
    FollowUpState atOne =
        FollowUpSchedule.apply(
            FollowUpState.unscheduled("l"),
            FollowUpChange.reset(CONFIG, 1),
            NOW,
            FollowUpOptions.DEFAULTS);
    FollowUpState next = FollowUpSchedule.advance(atOne, NOW, FollowUpOptions.DEFAULTS);
    assertThat(next.followUpStep()).isEqualTo(3);
    assertThat(next.nextFollowUpAt()).isEqualTo(NOW.plus(Duration.ofMinutes(150)));
    FollowUpState last = FollowUpSchedule.advance(next, NOW, FollowUpOptions.DEFAULTS);
    assertThat(last.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(last.nextFollowUpAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void aRejectedChangeNamesTheStepRule() {
    assertThatThrownBy(
            () ->
                FollowUpSchedule.apply(
                    FollowUpState.unscheduled("l"),
                    FollowUpChange.reset(CONFIG, Integer.MAX_VALUE),
                    NOW,
                    FollowUpOptions.DEFAULTS))
        .hasMessageContaining("followUpStep: ")
        .hasMessageContaining("1000");
    FollowUpState state = FollowUpState.unscheduled("l");
    assertThatThrownBy(
            () ->
                FollowUpSchedule.apply(
                    state, FollowUpChange.reset(CONFIG, 2), NOW, FollowUpOptions.DEFAULTS))
        .hasMessage("followUpStep: must be a step of followUpConfig [1, 3], -1 or -2; got 2");
    assertThatThrownBy(
            () ->
                FollowUpSchedule.apply(
                    state, FollowUpChange.step(-3), NOW, FollowUpOptions.DEFAULTS))
        .isInstanceOf(FollowUpRejection.class);
  }
}

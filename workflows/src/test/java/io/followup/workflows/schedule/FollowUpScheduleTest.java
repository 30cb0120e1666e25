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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowUpScheduleTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(1, StepConfig.of(1, Channel.TEXT), 3, StepConfig.of(2.5, Channel.EMAIL)));

  private static void rejects(StepConfig step, String field, String rule) {
    assertThatThrownBy(() -> FollowUpSchedule.validateConfig(FollowUpConfig.of(Map.of(1, step))))
        .isInstanceOfSatisfying(
            FollowUpRejection.class,
            r -> {
              assertThat(r.field()).isEqualTo(field);
              assertThat(r.rule()).contains(rule);
            });
  }

  @Test
  void configRulesNameTheFieldThatBreaksThem() {
    rejects(StepConfig.of(-1, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(87_600.5, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(Double.NaN, Channel.TEXT), "followUpConfig.1.hours", "from 0 to 87600");
    rejects(StepConfig.of(1, null), "followUpConfig.1.channel", "text, call, email");
    rejects(StepConfig.of(1, Channel.VOICEMAIL), "followUpConfig.1.channel", "text, call, email");
    rejects(
        new StepConfig(1, Channel.TEXT, true, null), "followUpConfig.1.voicemailEnabled", "call");
    rejects(
        new StepConfig(1, Channel.TEXT, null, List.of()),
        "followUpConfig.1.strategyIds",
        "non-empty");
    rejects(
        new StepConfig(1, Channel.TEXT, null, List.of("auto", "s1")),
        "followUpConfig.1.strategyIds",
        "auto");
    assertThatThrownBy(
            () ->
                FollowUpSchedule.validateConfig(
                    FollowUpConfig.of(Map.of(0, StepConfig.of(1, Channel.TEXT)))))
        .hasMessage("followUpConfig.0: step keys must be positive integers");
  }

  @Test
  void theLimitsAreInclusive() {
    FollowUpSchedule.validateConfig(
        FollowUpConfig.of(
            Map.of(
                1,
                StepConfig.of(0, Channel.TEXT),
                2,
                new StepConfig(87_600, Channel.CALL, false, List.of("s1")))));
  }

  @Test
  void hoursAreDecimal() {
    assertThat(FollowUpSchedule.hours(0.0005)).isEqualTo(Duration.ofMillis(1_800));
    assertThat(FollowUpSchedule.hours(1.75)).isEqualTo(Duration.ofMinutes(105));
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

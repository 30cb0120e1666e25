package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.model.StepConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRulesTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final FollowUpState SCHEDULED =
      FollowUpSchedule.applyAccepted(
          FollowUpState.unscheduled("L"),
          FollowUpChange.reset(FollowUpConfig.of(Map.of(1, StepConfig.of(24, Channel.TEXT))), 1),
          NOW,
          FollowUpOptions.DEFAULTS);
  private static final OneOffMessage NOW_MESSAGE =
      new OneOffMessage("m", null, false, false, false, null, null);

  private static String field(Runnable check) {
    try {
      check.run();
      return null;
    } catch (FollowUpRejection rejection) {
      return rejection.field();
    }
  }

  @Test
  void aMessageToAScheduledLeadIsAccepted() {
    assertThatCode(() -> MessageRules.check(SCHEDULED, 0, NOW_MESSAGE, NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void anOptedOutLeadGetsNone() {
    FollowUpState out = InboundRules.apply(SCHEDULED, Inbound.of(Inbound.Kind.OPT_OUT));
    assertThat(field(() -> MessageRules.check(out, 0, NOW_MESSAGE, NOW))).isEqualTo("optedOut");
  }

  @Test
  void aRepliedLeadGetsOneOnlyWithSendWhenOff() {
    FollowUpState replied = InboundRules.apply(SCHEDULED, Inbound.reply(true));
    assertThat(MessageRules.followUpsOff(replied)).isTrue();
    assertThat(field(() -> MessageRules.check(replied, 0, NOW_MESSAGE, NOW)))
        .isEqualTo("sendWhenOff");
    OneOffMessage anyway = new OneOffMessage("m", null, false, true, false, null, null);
    assertThat(field(() -> MessageRules.check(replied, 0, anyway, NOW))).isNull();
  }

  @Test
  void tooFarAheadAndTooManyPendingAreRefused() {
    Instant edge = NOW.plus(MessageRules.MAX_MESSAGE_WAIT);
    assertThat(MessageRules.tooFar(edge, NOW)).isFalse();
    assertThat(MessageRules.tooFar(edge.plusSeconds(1), NOW)).isTrue();
    OneOffMessage far =
        new OneOffMessage("m", edge.plusSeconds(1), false, false, false, null, null);
    assertThat(field(() -> MessageRules.check(SCHEDULED, 0, far, NOW))).isEqualTo("scheduledTime");
    assertThatThrownBy(
            () ->
                MessageRules.check(SCHEDULED, MessageRules.MAX_PENDING_MESSAGES, NOW_MESSAGE, NOW))
        .isInstanceOf(FollowUpRejection.class);
  }
}

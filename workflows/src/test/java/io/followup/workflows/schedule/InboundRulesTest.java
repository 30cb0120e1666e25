package io.followup.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.StepConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundRulesTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final FollowUpState SCHEDULED =
      FollowUpSchedule.applyAccepted(
          FollowUpState.unscheduled("L"),
          FollowUpChange.reset(FollowUpConfig.of(Map.of(1, StepConfig.of(24, Channel.TEXT))), 1),
          NOW,
          FollowUpOptions.DEFAULTS);

  @Test
  void aReplyStopsScheduledFollowUpsAsAChange() {
    FollowUpState replied = InboundRules.apply(SCHEDULED, Inbound.reply(true));

    assertThat(replied.followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(replied.nextFollowUpAt()).isNull();
    assertThat(replied.followUpStep()).isEqualTo(1);
    assertThat(replied.changeSeq()).isEqualTo(SCHEDULED.changeSeq() + 1);
  }

  @Test
  void aReplyWithoutStopOnReplyOrToAStoppedLeadChangesNothing() {
    assertThat(InboundRules.apply(SCHEDULED, Inbound.reply(false))).isSameAs(SCHEDULED);
    FollowUpState replied = InboundRules.apply(SCHEDULED, Inbound.reply(true));
    assertThat(InboundRules.apply(replied, Inbound.reply(true))).isSameAs(replied);
  }

  @Test
  void stopAndStartSetTheFlagAndKeepTheSchedule() {
    FollowUpState out = InboundRules.apply(SCHEDULED, Inbound.of(Inbound.Kind.OPT_OUT));

    assertThat(out.unsubscribed()).isTrue();
    assertThat(out.nextFollowUpAt()).isEqualTo(SCHEDULED.nextFollowUpAt());
    assertThat(out.changeSeq()).isEqualTo(SCHEDULED.changeSeq());
    assertThat(InboundRules.apply(out, Inbound.of(Inbound.Kind.OPT_OUT))).isSameAs(out);
    assertThat(InboundRules.apply(out, Inbound.of(Inbound.Kind.OPT_IN)).unsubscribed()).isFalse();
  }
}

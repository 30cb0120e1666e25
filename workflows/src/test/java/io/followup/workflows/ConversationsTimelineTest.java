package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.T0;
import static java.time.Duration.ofHours;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.followup.workflows.RecordingChannels.Sent;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timelines of SPEC "Conversations": a reply stops the follow-ups, an opt-out is carried. */
class ConversationsTimelineTest {
  private static final String LEAD = "lead-c";

  /** 1: text after 24 h, 2: call after 48 h, 3: text after 72 h. */
  private static final FollowUpConfig THREE_STEPS =
      FollowUpConfig.of(
          Map.of(
              1, StepConfig.of(24, Channel.TEXT),
              2, StepConfig.of(48, Channel.CALL),
              3, StepConfig.of(72, Channel.TEXT)));

  private FollowUpTestEnv t;

  @BeforeEach
  void start() {
    t = new FollowUpTestEnv();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private FollowUpState inbound(Inbound inbound) {
    return t.inbound(LEAD, inbound);
  }

  @Test
  void aReplyWhileAStepTimerIsPendingCancelsItAndNothingIsSentAfter() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(10));

    FollowUpState replied = inbound(Inbound.reply(true));

    assertThat(replied.followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(replied.nextFollowUpAt()).isNull();
    assertThat(replied.followUpStep()).as("the step stays where it was").isEqualTo(1);
    // a month later: the step-1 timer (T0+24h) was cancelled, nothing ever went
    t.sleepUntil(ofHours(24 * 30));
    assertThat(t.channels.sends()).isEmpty();
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(timerEvents(EventType.EVENT_TYPE_TIMER_CANCELED)).isEqualTo(1);
    assertThat(timerEvents(EventType.EVENT_TYPE_TIMER_FIRED)).isZero();
  }

  @Test
  void aReplyWhileTheSendRunsLetsItFinishAndSchedulesNothingMore() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    FollowUpState[] duringSend = new FollowUpState[1];
    t.channels.duringText =
        () -> {
          t.channels.duringText = null;
          duringSend[0] = inbound(Inbound.reply(true));
        };

    // T0+24h: step 1's text runs; the lead replies while it is being sent
    t.sleepUntil(ofHours(25));

    assertThat(duringSend[0].followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(1, T0.plus(ofHours(24))));
    FollowUpState after = t.query(LEAD);
    assertThat(after.followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(after.nextFollowUpAt()).isNull();
    assertThat(after.lastOutcome()).as("the send finished and was counted").isEqualTo("SENT");
    assertThat(after.sendSeq()).isEqualTo(1);
    t.sleepUntil(ofHours(24 * 30));
    assertThat(t.channels.sends()).hasSize(1);
    // the state the workflow reached after the send is the lead's projection: REPLIED
    assertThat(t.channels.projections()).last().isEqualTo(t.query(LEAD));
  }

  @Test
  void withStopOnReplyOffAReplyKeepsTheSchedule() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(10));

    FollowUpState kept = inbound(Inbound.reply(false));

    assertThat(kept.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(kept.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24)), within(5, SECONDS));
    t.sleepUntil(ofHours(25));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(1, T0.plus(ofHours(24))));
    assertThat(t.query(LEAD).followUpStep()).isEqualTo(2);
  }

  @Test
  void anUpdateWithAStepSchedulesARepliedLeadAgain() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    inbound(Inbound.reply(true));
    t.sleepUntil(ofHours(30));

    FollowUpState again = t.apply(LEAD, FollowUpChange.step(3));

    assertThat(again.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(again.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(30 + 72)), within(5, SECONDS));
    t.sleepUntil(ofHours(30 + 73));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(3, T0.plus(ofHours(30 + 72))));
  }

  @Test
  void anOptOutIsCarriedOnTheSendsAndTheScheduleGoesOnUntilAnOptIn() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));

    FollowUpState out = inbound(Inbound.of(Inbound.Kind.OPT_OUT));
    assertThat(out.unsubscribed()).isTrue();
    assertThat(out.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(
            t.stub(LEAD)
                .describe()
                .getTypedSearchAttributes()
                .get(FollowUpSearchAttributes.OPTED_OUT))
        .isTrue();

    // T0+24h: step 1 goes to the worker, which blocks it by the lead's stored opt-out
    t.sleepUntil(ofHours(25));
    FollowUpState in = inbound(Inbound.of(Inbound.Kind.OPT_IN));
    assertThat(in.unsubscribed()).isFalse();
    // T0+72h: step 2 goes too: opting out never stops the schedule, the worker decides each send
    t.sleepUntil(ofHours(73));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep())
        .containsExactly(1, 2);
    assertThat(
            t.stub(LEAD)
                .describe()
                .getTypedSearchAttributes()
                .get(FollowUpSearchAttributes.OPTED_OUT))
        .isFalse();
  }

  @Test
  void theOperatorSeesRepliedWithoutTheMessage() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    inbound(Inbound.reply(true));
    assertThat(
            t.stub(LEAD)
                .describe()
                .getTypedSearchAttributes()
                .get(FollowUpSearchAttributes.FOLLOW_UP_STATUS))
        .isEqualTo("REPLIED");
  }

  private long timerEvents(EventType type) {
    return t.history(LEAD).getEvents().stream()
        .map(HistoryEvent::getEventType)
        .filter(type::equals)
        .count();
  }
}

package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.T0;
import static java.time.Duration.ofHours;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.followup.workflows.RecordingChannels.Sent;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timelines of a pause (issue 21): the step keeps its time left and runs after the resume. */
class PauseTimelineTest {
  private static final String LEAD = "lead-p";

  /** 1: text after 24 h, 2: email after 48 h. */
  private static final FollowUpConfig TWO_STEPS =
      FollowUpConfig.of(
          Map.of(1, StepConfig.of(24, Channel.TEXT), 2, StepConfig.of(48, Channel.EMAIL)));

  private FollowUpTestEnv t;

  @BeforeEach
  void start() {
    t = new FollowUpTestEnv();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static Instant at(long hours) {
    return T0.plus(ofHours(hours));
  }

  @Test
  void aPauseUntilADateKeepsTheStepsRemainingTimeAndResumesByItself() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.sleepUntil(ofHours(10));

    FollowUpState paused = t.apply(LEAD, FollowUpChange.pause(at(100)));

    assertThat(paused.followUpStatus()).isEqualTo(FollowUpStatus.PAUSED);
    assertThat(paused.followUpStep()).isEqualTo(1);
    assertThat(paused.nextFollowUpAt()).isNull();
    assertThat(paused.resumeAt()).isEqualTo(at(100));
    assertThat(paused.pausedRemainingMillis()).isCloseTo(ofHours(14).toMillis(), within(60_000L));
    assertThat(searchAttribute(FollowUpSearchAttributes.FOLLOW_UP_STATUS)).isEqualTo("PAUSED");
    assertThat(OperatorView.details(paused, FollowUpTestEnv.OPTIONS))
        .contains("**Paused** until " + at(100));

    // step 1 was due at T0+24h: nothing goes while paused
    t.sleepUntil(ofHours(99));
    assertThat(t.channels.sends()).isEmpty();

    // T0+100h: the pause ends, step 1 gets its 14 hours again
    t.sleepUntil(ofHours(101));
    FollowUpState resumed = t.query(LEAD);
    assertThat(resumed.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(resumed.resumeAt()).isNull();
    assertThat(resumed.nextFollowUpAt()).isCloseTo(at(114), within(60, SECONDS));
    assertThat(t.channels.resumes())
        .extracting(r -> r.reason(), r -> r.state().followUpStatus())
        .containsExactly(tuple("RESUME_AT", FollowUpStatus.SCHEDULED));
    assertThat(t.channels.projections()).last().isEqualTo(resumed);

    t.sleepUntil(ofHours(115));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(1, at(114)));
    assertThat(timerSummaries()).anyMatch(s -> s.startsWith("paused · step 1 · resumes"));
  }

  @Test
  void aPauseWithoutADateHoldsUntilACallerResumes() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.sleepUntil(ofHours(20));
    t.apply(LEAD, FollowUpChange.pause(null));

    t.sleepUntil(ofHours(24 * 60));
    assertThat(t.channels.sends()).isEmpty();
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.PAUSED);

    FollowUpState resumed = t.apply(LEAD, FollowUpChange.resume());
    assertThat(resumed.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(resumed.nextFollowUpAt()).isCloseTo(at(24 * 60 + 4), within(60, SECONDS));
    t.sleepUntil(ofHours(24 * 60 + 5));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(1, at(24 * 60 + 4)));
    assertThat(t.channels.resumes()).as("a caller's resume is the API's event").isEmpty();
  }

  @Test
  void aReplyWhilePausedStopsTheFollowUpsAndCancelsTheResume() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.apply(LEAD, FollowUpChange.pause(at(48)));
    t.sleepUntil(ofHours(30));

    FollowUpState replied = t.inbound(LEAD, Inbound.reply(true));

    assertThat(replied.followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(replied.resumeAt()).isNull();
    t.sleepUntil(ofHours(24 * 30));
    assertThat(t.channels.sends()).isEmpty();
    assertThat(t.channels.resumes()).isEmpty();
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(
            t.history(LEAD).getEvents().stream()
                .map(HistoryEvent::getEventType)
                .filter(EventType.EVENT_TYPE_TIMER_FIRED::equals))
        .isEmpty();
  }

  @Test
  void aChangeToAPausedLeadKeepsItPausedUnlessItResumes() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.apply(LEAD, FollowUpChange.pause(at(50)));

    // a new config: step 1 now takes 2 hours, counted from the resume
    FollowUpConfig faster =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(2, Channel.TEXT), 2, StepConfig.of(48, Channel.EMAIL)));
    FollowUpState changed = t.apply(LEAD, FollowUpChange.config(faster));
    assertThat(changed.followUpStatus()).isEqualTo(FollowUpStatus.PAUSED);
    assertThat(changed.resumeAt()).isEqualTo(at(50));
    assertThat(changed.pausedRemainingMillis()).isEqualTo(ofHours(2).toMillis());

    // a step with SCHEDULED: a fresh schedule, not paused
    t.sleepUntil(ofHours(10));
    FollowUpState step2 =
        t.apply(LEAD, FollowUpChange.step(2).withStatus(FollowUpStatus.SCHEDULED, null));
    assertThat(step2.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(step2.nextFollowUpAt()).isCloseTo(at(58), within(60, SECONDS));
    t.sleepUntil(ofHours(59));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(2, at(58)));
    assertThat(t.channels.resumes()).as("the old pause never ended by itself").isEmpty();
  }

  @Test
  void aLongTermLeadPausesAndResumesItsNurture() {
    t.apply(LEAD, FollowUpChange.step(FollowUpState.LONG_TERM));
    t.apply(LEAD, FollowUpChange.pause(at(24)));
    t.sleepUntil(ofHours(25));
    FollowUpState resumed = t.query(LEAD);
    assertThat(resumed.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(resumed.nextFollowUpAt())
        .isCloseTo(
            at(24 + (long) FollowUpTestEnv.OPTIONS.nurtureIntervalHours()), within(60, SECONDS));
  }

  @Test
  void anOutOfOfficeUntilADatePausesTheLeadUntilThenAndKeepsTheTimeLeft() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.sleepUntil(ofHours(4));

    FollowUpState away = t.inbound(LEAD, Inbound.away(at(24 * 7)));

    assertThat(away.followUpStatus()).isEqualTo(FollowUpStatus.PAUSED);
    assertThat(away.resumeAt()).isEqualTo(at(24 * 7));
    // the step (due at T0+24h) goes 20 hours after the return; nothing before
    t.sleepUntil(ofHours(24 * 7 + 19));
    assertThat(t.channels.sends()).isEmpty();
    assertThat(t.query(LEAD).nextFollowUpAt()).isCloseTo(at(24 * 7 + 20), within(60, SECONDS));
    t.sleepUntil(ofHours(24 * 7 + 21));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(tuple(1, at(24 * 7 + 20)));
    assertThat(t.channels.resumes()).extracting(r -> r.reason()).containsExactly("RESUME_AT");
  }

  @Test
  void anAutoReplyWithoutAReturnNeitherStopsNorPausesAndAPausedLeadKeepsItsOwnPause() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    FollowUpState kept = t.inbound(LEAD, new Inbound(Inbound.Kind.AUTO_REPLY, true, null));
    assertThat(kept.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(kept.nextFollowUpAt()).isCloseTo(at(24), within(60, SECONDS));

    t.apply(LEAD, FollowUpChange.pause(at(10)));
    FollowUpState own = t.inbound(LEAD, Inbound.away(at(200)));
    assertThat(own.resumeAt()).as("a caller's pause stays as it was").isEqualTo(at(10));
    t.sleepUntil(ofHours(35));
    assertThat(t.channels.sends()).extracting(s -> s.request().followUpStep()).containsExactly(1);
  }

  @Test
  void aRepliedLeadQuietForReplyResumeHoursRunsItsNextStep() {
    long quiet = ofHours(48).toMillis();
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.sleepUntil(ofHours(25));
    // step 1 went at T0+24h; the lead replies at T0+30h and again at T0+50h
    t.sleepUntil(ofHours(30));
    FollowUpState replied = t.inbound(LEAD, Inbound.reply(true).withQuietResume(quiet));
    assertThat(replied.followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(replied.resumeAt()).isCloseTo(at(78), within(60, SECONDS));
    t.sleepUntil(ofHours(50));
    FollowUpState again = t.inbound(LEAD, Inbound.reply(true).withQuietResume(quiet));
    assertThat(again.resumeAt()).isCloseTo(at(98), within(60, SECONDS));

    // quiet from T0+50h: at T0+98h step 2 (armed when the lead replied) is due 48 hours on
    t.sleepUntil(ofHours(97));
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    t.sleepUntil(ofHours(99));
    FollowUpState resumed = t.query(LEAD);
    assertThat(resumed.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(resumed.followUpStep()).isEqualTo(2);
    assertThat(resumed.nextFollowUpAt()).isCloseTo(at(98 + 48), within(60, SECONDS));
    assertThat(t.channels.resumes())
        .extracting(r -> r.reason())
        .containsExactly("QUIET_AFTER_REPLY");
    t.sleepUntil(ofHours(98 + 49));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep())
        .containsExactly(1, 2);
    assertThat(t.channels.sends().get(1).at()).isCloseTo(at(98 + 48), within(60, SECONDS));
  }

  @Test
  void aMessageWeSendToARepliedLeadStartsItsQuietTimeAgain() {
    long quiet = ofHours(48).toMillis();
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    t.sleepUntil(ofHours(30));
    // step 1 went at T0+24h; the lead replies at T0+30h: quiet until T0+78h
    FollowUpState replied = t.inbound(LEAD, Inbound.reply(true).withQuietResume(quiet));
    assertThat(replied.resumeAt()).isCloseTo(at(78), within(60, SECONDS));

    // at T0+60h a rep answers them (sendMessage, sent even though the lead replied): our side
    // wrote, so the quiet time counts from that send
    t.sleepUntil(ofHours(60));
    LeadWorkflows.sendMessageWithStart(
        t.client,
        new LeadFollowUpInput(LEAD, null, FollowUpTestEnv.OPTIONS),
        new OneOffMessage("m-answer", null, true, true, false, null, quiet),
        null);
    t.sleepUntil(ofHours(61));
    assertThat(t.channels.sends()).hasSize(2);
    assertThat(t.query(LEAD).resumeAt()).isCloseTo(at(108), within(60, SECONDS));

    // so nothing resumes at T0+78h; at T0+108h step 2 is armed
    t.sleepUntil(ofHours(80));
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    t.sleepUntil(ofHours(109));
    FollowUpState resumed = t.query(LEAD);
    assertThat(resumed.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(resumed.followUpStep()).isEqualTo(2);
    assertThat(resumed.nextFollowUpAt()).isCloseTo(at(108 + 48), within(60, SECONDS));
  }

  @Test
  void withoutReplyResumeHoursARepliedLeadStaysReplied() {
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    FollowUpState replied = t.inbound(LEAD, Inbound.reply(true).withQuietResume(null));
    assertThat(replied.resumeAt()).isNull();
    t.sleepUntil(ofHours(24 * 60));
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.REPLIED);
    assertThat(t.channels.sends()).isEmpty();
  }

  @Test
  void onlyARunningScheduleCanBePausedAndOnlyUntilALaterInstant() {
    t.apply(LEAD, FollowUpChange.step(FollowUpState.STOPPED));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.pause(null)))
        .hasStackTraceContaining("only a SCHEDULED or LONG_TERM lead can be paused");
    t.apply(LEAD, FollowUpChange.reset(TWO_STEPS, 1));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.pause(T0.minusSeconds(60))))
        .hasStackTraceContaining("resumeAt");
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
  }

  private Object searchAttribute(io.temporal.common.SearchAttributeKey<?> key) {
    return t.stub(LEAD).describe().getTypedSearchAttributes().get(key);
  }

  private java.util.List<String> timerSummaries() {
    return t.history(LEAD).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .map(
            e ->
                io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    e.getUserMetadata().getSummary(), String.class, String.class))
        .toList();
  }
}

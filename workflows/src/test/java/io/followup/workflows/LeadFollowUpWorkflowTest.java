package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.OPTIONS;
import static io.followup.workflows.FollowUpTestEnv.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.followup.workflows.RecordingChannels.Sent;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.FollowUpRules;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.internal.common.ProtobufTimeUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timelines of one lead's schedule, SPEC "Update lead" and "Follow-up execution", rule by rule. */
class LeadFollowUpWorkflowTest {
  private static final String LEAD = "lead-1";

  /** 1: text after 24 h, 2: call after 48 h, 3: email after 72 h. */
  private static final FollowUpConfig THREE_STEPS =
      FollowUpConfig.of(
          Map.of(
              1, StepConfig.of(24, Channel.TEXT),
              2, StepConfig.of(48, Channel.CALL),
              3, StepConfig.of(72, Channel.EMAIL)));

  private FollowUpTestEnv t;

  @BeforeEach
  void start() {
    t = new FollowUpTestEnv();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void createdLeadRunsEveryStepInKeyOrderThenGoesLongTerm() {
    FollowUpState created = t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    assertThat(created.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(created.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24)), within(5, SECONDS));

    t.sleepUntil(ofHours(24 + 48 + 72 + 1));

    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), s -> s.request().channel(), Sent::atMinute)
        .containsExactly(
            tuple(1, Channel.TEXT, T0.plus(ofHours(24))),
            tuple(2, Channel.CALL, T0.plus(ofHours(72))),
            tuple(3, Channel.EMAIL, T0.plus(ofHours(144))));
    FollowUpState after = t.query(LEAD);
    assertThat(after.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(after.followUpStep()).isEqualTo(FollowUpState.LONG_TERM);
    assertThat(after.nextFollowUpAt())
        .isCloseTo(T0.plus(ofHours(144 + 30 * 24)), within(5, SECONDS));
    assertThat(after.sendSeq()).isEqualTo(3);
    // each state the workflow reached on its own was handed over as the lead's projection
    assertThat(t.channels.projections())
        .extracting(FollowUpState::followUpStep)
        .containsExactly(2, 3, FollowUpState.LONG_TERM);
    assertThat(t.channels.projections()).last().isEqualTo(after);
  }

  @Test
  void stepOnlySchedulesThatStepAtNowPlusItsHours() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(10));

    FollowUpState moved = t.apply(LEAD, FollowUpChange.step(3));

    // step 3 is email after 72 h, counted from the update at T0+10h
    assertThat(moved.followUpStep()).isEqualTo(3);
    assertThat(moved.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(82)), within(5, SECONDS));
    t.sleepUntil(ofHours(81));
    assertThat(t.channels.sends()).as("the old step-1 timer (T0+24h) never fires").isEmpty();
    t.sleepUntil(ofHours(83));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.request().followUpStep()).isEqualTo(3);
              assertThat(s.atMinute()).isEqualTo(T0.plus(ofHours(82)));
            });
  }

  @Test
  void configOnlyKeepsTheCurrentStepWithItsNewHours() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 2));
    t.sleepUntil(ofHours(5));

    FollowUpConfig faster =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(1, Channel.EMAIL), 2, StepConfig.of(2, Channel.TEXT)));
    FollowUpState changed = t.apply(LEAD, FollowUpChange.config(faster));

    assertThat(changed.followUpStep()).isEqualTo(2);
    assertThat(changed.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(7)), within(5, SECONDS));
    assertThat(changed.nextChannel()).isEqualTo(Channel.TEXT);
    t.sleepUntil(ofHours(8));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.request().channel()).isEqualTo(Channel.TEXT);
              assertThat(s.atMinute()).isEqualTo(T0.plus(ofHours(7)));
            });
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
  }

  @Test
  void configOnlyOnAStoppedLeadKeepsItStoppedAndStoresTheConfig() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, FollowUpState.STOPPED));
    FollowUpConfig other = FollowUpConfig.of(Map.of(7, StepConfig.of(1, Channel.TEXT)));

    FollowUpState changed = t.apply(LEAD, FollowUpChange.config(other));

    assertThat(changed.followUpStatus()).isEqualTo(FollowUpStatus.STOPPED);
    assertThat(changed.nextFollowUpAt()).isNull();
    assertThat(changed.followUpConfig()).isEqualTo(other);
    t.sleepUntil(ofHours(24 * 10));
    assertThat(t.channels.sends()).isEmpty();
  }

  @Test
  void configAndStepTogetherResetEverything() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(20));

    FollowUpConfig fresh =
        FollowUpConfig.of(
            Map.of(10, StepConfig.of(3, Channel.EMAIL), 20, StepConfig.of(0.5, Channel.TEXT)));
    FollowUpState reset = t.apply(LEAD, FollowUpChange.reset(fresh, 10));

    assertThat(reset.followUpConfig()).isEqualTo(fresh);
    assertThat(reset.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(23)), within(5, SECONDS));
    t.sleepUntil(ofHours(24));
    // step 10 at T0+23h, then step 20 half an hour later
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(
            tuple(10, T0.plus(ofHours(23))), tuple(20, T0.plus(ofHours(23)).plus(ofMinutes(30))));
  }

  @Test
  void stopNeverSendsAgain() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(25)); // step 1 sent at T0+24h
    assertThat(t.channels.sends()).hasSize(1);

    FollowUpState stopped = t.apply(LEAD, FollowUpChange.step(FollowUpState.STOPPED));

    assertThat(stopped.followUpStatus()).isEqualTo(FollowUpStatus.STOPPED);
    assertThat(stopped.nextFollowUpAt()).isNull();
    t.sleepUntil(ofHours(24 * 365));
    assertThat(t.channels.sends()).hasSize(1);
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.STOPPED);
  }

  @Test
  void longTermSendsANurtureTouchAtTheConfiguredInterval() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1), OPTIONS.withNurtureIntervalHours(24 * 7));

    FollowUpState nurtured = t.apply(LEAD, FollowUpChange.step(FollowUpState.LONG_TERM));

    assertThat(nurtured.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(nurtured.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24 * 7)), within(5, SECONDS));
    t.sleepUntil(ofHours(24 * 7 * 3).plus(ofMinutes(1)));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), s -> s.request().channel(), Sent::atMinute)
        .containsExactly(
            tuple(-2, Channel.TEXT, T0.plus(ofHours(24 * 7))),
            tuple(-2, Channel.TEXT, T0.plus(ofHours(24 * 14))),
            tuple(-2, Channel.TEXT, T0.plus(ofHours(24 * 21))));
  }

  @Test
  void settingsSentWithAChangeReplaceTheStartOptions() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));

    FollowUpState nurtured =
        t.apply(
            LEAD,
            FollowUpChange.step(FollowUpState.LONG_TERM)
                .withOptions(OPTIONS.withNurtureIntervalHours(48)));

    assertThat(nurtured.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(48)), within(5, SECONDS));
    t.sleepUntil(ofHours(24 * 5));
    // 48 h, 96 h: the new interval also drives the touches that follow
    assertThat(t.channels.sends())
        .extracting(Sent::atMinute)
        .containsExactly(T0.plus(ofHours(48)), T0.plus(ofHours(96)));
  }

  @Test
  void afterTheLastStepALeadCanBeStoppedInsteadOfLongTerm() {
    FollowUpConfig one = FollowUpConfig.of(Map.of(1, StepConfig.of(1, Channel.TEXT)));
    t.apply(LEAD, FollowUpChange.reset(one, 1), OPTIONS.withAfterLastStep(AfterLastStep.STOPPED));

    t.sleepUntil(ofHours(24 * 60));

    assertThat(t.channels.sends()).hasSize(1);
    FollowUpState after = t.query(LEAD);
    assertThat(after.followUpStatus()).isEqualTo(FollowUpStatus.STOPPED);
    assertThat(after.followUpStep()).isEqualTo(FollowUpState.STOPPED);
    assertThat(after.lastOutcome()).isEqualTo("SENT");
  }

  @Test
  void fractionalHoursAreHonouredToTheMillisecond() {
    // 0.0005 h = 1.8 s; 1.25 h = 75 min
    FollowUpConfig fractional =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(0.0005, Channel.TEXT), 2, StepConfig.of(1.25, Channel.EMAIL)));

    t.apply(LEAD, FollowUpChange.reset(fractional, 1));
    t.sleepUntil(ofMinutes(1));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(
            s ->
                assertThat(Duration.between(T0, s.at()))
                    .isBetween(Duration.ofMillis(1_800), Duration.ofSeconds(3)));
    FollowUpState rearmed = t.apply(LEAD, FollowUpChange.step(2));

    // a timer armed by an update runs exactly now + hours
    assertThat(
            t.history(LEAD).getEvents().stream()
                .filter(HistoryEvent::hasTimerStartedEventAttributes)
                .map(
                    e ->
                        ProtobufTimeUtils.toJavaDuration(
                            e.getTimerStartedEventAttributes().getStartToFireTimeout())))
        .contains(Duration.ofMillis(1_800))
        .last()
        .isEqualTo(ofMinutes(75));
    t.sleepUntil(ofHours(3));
    assertThat(t.channels.sends())
        .last()
        .satisfies(s -> assertThat(s.at()).isCloseTo(rearmed.nextFollowUpAt(), within(1, SECONDS)));
  }

  @Test
  void zeroHoursSendsAtOnce() {
    FollowUpConfig now = FollowUpConfig.of(Map.of(1, StepConfig.of(0, Channel.EMAIL)));
    t.apply(LEAD, FollowUpChange.reset(now, 1));
    t.sleepUntil(ofMinutes(1));
    assertThat(t.channels.sends()).singleElement().extracting(Sent::atMinute).isEqualTo(T0);
  }

  @Test
  void aRejectedUpdateLeavesTheStateAndTheScheduleUnchanged() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 2));
    t.sleepUntil(ofHours(3));
    FollowUpState before = t.query(LEAD);

    // step 2 is the current step and the new config does not have it
    FollowUpConfig withoutStep2 = FollowUpConfig.of(Map.of(1, StepConfig.of(1, Channel.TEXT)));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.config(withoutStep2)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(
                        r -> {
                          assertThat(r.field()).isEqualTo("followUpConfig");
                          assertThat(r.getMessage())
                              .isEqualTo(
                                  "followUpConfig: the current step 2 is not in the new config; send followUpStep too");
                        }));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.step(9)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(
                        r ->
                            assertThat(r.getMessage())
                                .isEqualTo(
                                    "followUpStep: must be a step of followUpConfig [1, 2, 3], -1 or -2; got 9")));
    assertThatThrownBy(
            () -> t.apply(LEAD, new FollowUpChange(null, null, null, "Mars/Olympus", null)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("timezone")));

    assertThat(t.query(LEAD)).isEqualTo(before);
    t.sleepUntil(ofHours(49));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(s -> assertThat(s.atMinute()).isEqualTo(T0.plus(ofHours(48))));
  }

  @Test
  void anUnansweredCallLeavesAVoicemailOnlyWhenEnabled() {
    FollowUpConfig calls =
        FollowUpConfig.of(
            Map.of(
                1, new StepConfig(1, Channel.CALL, true, null),
                2, new StepConfig(1, Channel.CALL, false, null),
                3, StepConfig.of(1, Channel.CALL)));
    t.apply(LEAD, FollowUpChange.reset(calls, 1));

    t.sleepUntil(ofHours(4));

    assertThat(t.channels.sends())
        .extracting(
            s -> s.request().followUpStep(),
            s -> s.request().channel(),
            s -> s.request().idempotencyKey())
        .containsExactly(
            tuple(1, Channel.CALL, "lead-1:1"),
            tuple(1, Channel.VOICEMAIL, "lead-1:1:voicemail"),
            tuple(2, Channel.CALL, "lead-1:2"),
            tuple(3, Channel.CALL, "lead-1:3"));
    assertThat(t.query(LEAD).lastOutcome()).isEqualTo("NO_ANSWER");
  }

  @Test
  void aCallTellsItsProviderWhetherToLeaveAVoicemailAndOneLeftOnTheCallNeedsNoOther() {
    t.channels.machineTakesVoicemails = true;
    FollowUpConfig calls =
        FollowUpConfig.of(
            Map.of(
                1, new StepConfig(1, Channel.CALL, true, null),
                2, new StepConfig(1, Channel.CALL, false, null)));
    t.apply(LEAD, FollowUpChange.reset(calls, 1));

    t.sleepUntil(ofHours(3));

    assertThat(t.channels.sends())
        .extracting(
            s -> s.request().idempotencyKey(), s -> s.request().voicemailEnabled(), s -> s.status())
        .containsExactly(
            tuple("lead-1:1", true, DeliveryStatus.VOICEMAIL_LEFT),
            tuple("lead-1:2", false, DeliveryStatus.NO_ANSWER));
    assertThat(t.query(LEAD).lastOutcome()).isEqualTo("NO_ANSWER");
  }

  @Test
  void anAnsweredCallLeavesNoVoicemail() {
    t.channels.callsAnswered = true;
    FollowUpConfig call = FollowUpConfig.of(Map.of(1, new StepConfig(1, Channel.CALL, true, null)));
    t.apply(LEAD, FollowUpChange.reset(call, 1));

    t.sleepUntil(ofHours(2));

    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(DeliveryStatus.ANSWERED));
  }

  @Test
  void aFailedSendIsRecordedAndTheNextStepStillRuns() {
    t.channels.failing.add(Channel.TEXT);
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(1, Channel.TEXT), 2, StepConfig.of(2, Channel.EMAIL)));
    t.apply(LEAD, FollowUpChange.reset(config, 1));

    t.sleepUntil(ofHours(1).plus(ofMinutes(1)));
    assertThat(t.channels.recordedFailures())
        .singleElement()
        .satisfies(r -> assertThat(r.idempotencyKey()).isEqualTo("lead-1:1"));
    FollowUpState afterFailure = t.query(LEAD);
    assertThat(afterFailure.lastOutcome()).isEqualTo("FAILED");
    assertThat(afterFailure.followUpStep()).isEqualTo(2);

    t.sleepUntil(ofHours(4));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.request().channel()).isEqualTo(Channel.EMAIL);
              assertThat(s.atMinute()).isEqualTo(T0.plus(ofHours(3)));
            });
  }

  @Test
  void anOptedOutLeadIsFlaggedOnEverySendAndStrategiesOnlyTravelWhenEnabled() {
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(
                1, new StepConfig(1, Channel.TEXT, null, java.util.List.of("s-1", "s-2")),
                2, new StepConfig(1, Channel.TEXT, null, java.util.List.of("auto"))));
    t.apply(LEAD, FollowUpChange.reset(config, 1));
    t.sleepUntil(ofMinutes(30));
    t.apply(LEAD, new FollowUpChange(null, null, true, null, true));

    t.sleepUntil(ofHours(3));

    assertThat(t.channels.sends())
        .extracting(s -> s.request().strategyIds())
        .containsExactly(java.util.List.of("s-1", "s-2"), java.util.List.of("auto"));
  }

  @Test
  void withoutStrategiesTheChannelDefaultIsUsed() {
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, new StepConfig(1, Channel.TEXT, null, java.util.List.of("s-1"))));
    t.apply(LEAD, FollowUpChange.reset(config, 1));
    t.sleepUntil(ofHours(2));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(s -> assertThat(s.request().strategyIds()).isNull());
  }

  @Test
  void anUpdateThatOnlyChangesLeadFactsDoesNotResetTheTimer() {
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    t.sleepUntil(ofHours(12));

    FollowUpState changed =
        t.apply(LEAD, new FollowUpChange(null, null, true, "Europe/Paris", null));

    assertThat(changed.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24)), within(5, SECONDS));
    assertThat(changed.timezone()).isEqualTo("Europe/Paris");
    assertThat(changed.useStrategiesForFollowUps()).isTrue();
  }

  @Test
  void theQueryReturnsWhatTheUpdateReturned() {
    FollowUpState updated = t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 2));
    assertThat(t.query(LEAD)).isEqualTo(updated);
  }

  @Test
  void aTextDueAtNightWaitsForTheSendingWindowWhileEmailDoesNot() {
    // T0 is 12:00 UTC = 07:00 in New York; the default window opens at 08:00 local
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(0, Channel.TEXT), 2, StepConfig.of(0, Channel.EMAIL)));
    t.apply(
        LEAD,
        new FollowUpChange(config, 1, null, "America/New_York", null),
        OPTIONS.withSendingWindow(io.followup.workflows.model.SendingWindow.DEFAULT));

    t.sleepUntil(ofHours(2));

    assertThat(t.channels.sends())
        .extracting(s -> s.request().channel(), Sent::atMinute)
        .containsExactly(
            tuple(Channel.TEXT, T0.plus(ofHours(1))), tuple(Channel.EMAIL, T0.plus(ofHours(1))));
  }

  @Test
  void eachSendCarriesTheDueInstantAsTheWindowLeftItAndAVoicemailNone() {
    // T0 is 07:00 in New York: step 1 (a call, due at once) waits for the 08:00 window
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(
                1,
                new StepConfig(0, Channel.CALL, true, null),
                2,
                StepConfig.of(3, Channel.EMAIL)));
    t.apply(
        LEAD,
        new FollowUpChange(config, 1, null, "America/New_York", null),
        OPTIONS.withSendingWindow(io.followup.workflows.model.SendingWindow.DEFAULT));

    t.sleepUntil(ofHours(5));

    assertThat(t.channels.sends())
        .extracting(s -> s.request().channel(), s -> s.request().dueAt() != null)
        .containsExactly(
            tuple(Channel.CALL, true), tuple(Channel.VOICEMAIL, false), tuple(Channel.EMAIL, true));
    Sent call = t.channels.sends().get(0);
    Sent email = t.channels.sends().get(2);
    // the window's opening, to the millisecond: the due lag starts there, not at T0
    assertThat(call.request().dueAt()).isEqualTo(T0.plus(ofHours(1)));
    assertThat(email.request().dueAt()).isCloseTo(T0.plus(ofHours(4)), within(5, SECONDS));
    assertThat(Duration.between(email.request().dueAt(), email.at()))
        .isBetween(Duration.ZERO, ofMinutes(1));
  }

  @Test
  void sendKeysKeepCountingAcrossSteps() {
    FollowUpConfig twice = FollowUpConfig.of(Map.of(1, StepConfig.of(1, Channel.TEXT)));
    t.apply(LEAD, FollowUpChange.reset(twice, 1));
    t.sleepUntil(ofHours(2));
    t.apply(LEAD, FollowUpChange.step(1));
    t.sleepUntil(ofHours(4));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().idempotencyKey())
        .containsExactly("lead-1:1", "lead-1:2");
  }

  @Test
  void aConfigWhoseOnlyStepIsTheMaximumRunsOnceThenGoesLongTerm() {
    FollowUpConfig last =
        FollowUpConfig.of(Map.of(FollowUpRules.MAX_STEP, StepConfig.of(0.0005, Channel.EMAIL)));
    t.apply(LEAD, FollowUpChange.reset(last, 1000));
    t.sleepUntil(ofHours(6));

    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(s -> assertThat(s.request().followUpStep()).isEqualTo(1000));
    FollowUpState after = t.query(LEAD);
    assertThat(after.followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
    assertThat(after.sendSeq()).isEqualTo(1);
    assertThat(after.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(30 * 24)), within(5, SECONDS));
  }

  @Test
  void stepNumbersAboveTheMaximumAreRejectedByTheValidator() {
    FollowUpConfig overflow =
        FollowUpConfig.of(Map.of(Integer.MAX_VALUE, StepConfig.of(0.0005, Channel.EMAIL)));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.reset(overflow, Integer.MAX_VALUE)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(
                        r -> {
                          assertThat(r.field()).isEqualTo("followUpConfig.2147483647");
                          assertThat(r.rule()).contains("up to 1000");
                        }));
    t.apply(LEAD, FollowUpChange.reset(THREE_STEPS, 1));
    assertThatThrownBy(() -> t.apply(LEAD, FollowUpChange.step(1001)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(
                        r -> {
                          assertThat(r.field()).isEqualTo("followUpStep");
                          assertThat(r.rule()).contains("1000");
                        }));
    assertThatThrownBy(() -> t.apply(LEAD, new FollowUpChange(null, null, null, "+05:00", null)))
        .isInstanceOf(WorkflowUpdateException.class);
    t.sleepUntil(ofMinutes(10));
    assertThat(t.channels.sends()).isEmpty();
  }

  @Test
  void theDailyCapDefersASendToWhenTheOldestCountedSendIsADayOld() {
    FollowUpConfig quick =
        FollowUpConfig.of(
            Map.of(
                1, StepConfig.of(0.001, Channel.TEXT),
                2, StepConfig.of(0.001, Channel.EMAIL),
                3, StepConfig.of(0.001, Channel.TEXT)));
    t.apply(LEAD, FollowUpChange.reset(quick, 1), OPTIONS.withMaxSendsPerLeadPerDay(2));

    t.sleepUntil(ofHours(12));
    assertThat(t.channels.sends()).hasSize(2);
    FollowUpState waiting = t.query(LEAD);
    assertThat(waiting.followUpStep()).isEqualTo(3);
    assertThat(waiting.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    Instant first = t.channels.sends().get(0).at();
    assertThat(waiting.nextFollowUpAt()).isCloseTo(first.plus(ofHours(24)), within(1, SECONDS));
    assertThat(t.channels.deferrals())
        .singleElement()
        .satisfies(
            d -> {
              SendDeferral deferral = d.deferral();
              assertThat(deferral.reason()).isEqualTo("DAILY_CAP");
              assertThat(deferral.followUpStep()).isEqualTo(3);
              assertThat(deferral.channel()).isEqualTo(Channel.TEXT);
              assertThat(deferral.deferredUntil()).isEqualTo(waiting.nextFollowUpAt());
              assertThat(deferral.cap()).isEqualTo(2);
              assertThat(deferral.sendsInLastDay()).isEqualTo(2);
              assertThat(deferral.idempotencyKey()).isEqualTo("lead-1:3");
              assertThat(d.at()).isCloseTo(T0.plus(hours(0.003)), within(2, SECONDS));
            });

    t.sleepUntil(ofHours(30));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep())
        .containsExactly(1, 2, 3);
    Instant third = t.channels.sends().get(2).at();
    assertThat(Duration.between(first, third)).isCloseTo(ofHours(24), Duration.ofSeconds(1));
    assertThat(t.channels.deferrals()).hasSize(1);
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.LONG_TERM);
  }

  @Test
  void noLeadGetsMoreThanTheDefaultCapOfSendsInADay() {
    Map<Integer, StepConfig> steps = new java.util.TreeMap<>();
    for (int i = 1; i <= 12; i++) {
      steps.put(i, StepConfig.of(0, Channel.EMAIL));
    }
    t.apply(LEAD, FollowUpChange.reset(FollowUpConfig.of(steps), 1));
    t.sleepUntil(ofHours(23));
    assertThat(t.channels.sends()).hasSize(10);
    assertThat(t.channels.deferrals()).hasSize(1);
    t.sleepUntil(ofHours(25));
    assertThat(t.channels.sends()).hasSize(12);
    assertThat(t.channels.sends().get(10).at()).isAfterOrEqualTo(T0.plus(ofHours(24)));
  }

  static Duration hours(double h) {
    return Duration.ofMillis(Math.round(h * 3_600_000));
  }
}

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
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowUpdateException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timelines of one-off messages (SPEC "Conversations", sendMessage). T0 is Monday 12:00 UTC; the
 * lead is in New York (07:00 there at T0), so the default window (08:00-21:00) opens at T0+1h.
 */
class SendMessageTimelineTest {
  private static final String LEAD = "lead-msg";
  private static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(1, StepConfig.of(24, Channel.TEXT), 2, StepConfig.of(48, Channel.TEXT)));
  private static final FollowUpOptions WINDOWED = OPTIONS.withSendingWindow(SendingWindow.DEFAULT);

  private FollowUpTestEnv t;

  @BeforeEach
  void start() {
    t = new FollowUpTestEnv();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private FollowUpState schedule(FollowUpOptions options) {
    return t.apply(LEAD, new FollowUpChange(CONFIG, 1, null, "America/New_York", null), options);
  }

  private OneOffMessage send(
      String id, Instant at, boolean override, boolean whenOff, boolean followUps) {
    return LeadWorkflows.sendMessageWithStart(
        t.client,
        new LeadFollowUpInput(LEAD, null, WINDOWED),
        new OneOffMessage(id, at, override, whenOff, followUps, null, null),
        null);
  }

  private List<Sent> messages() {
    return t.channels.sends().stream().filter(s -> s.request().isOneOff()).toList();
  }

  @Test
  void aMessageNowGoesAtOnceAsATextThatIsNoFollowUp() {
    schedule(OPTIONS);
    send("m-now", null, false, false, false);

    t.sleepUntil(ofMinutes(1));
    assertThat(messages()).hasSize(1);
    SendRequest sent = messages().get(0).request();
    assertThat(sent.channel()).isEqualTo(Channel.TEXT);
    assertThat(sent.followUpStep()).isEqualTo(SendRequest.ONE_OFF);
    assertThat(sent.messageId()).isEqualTo("m-now");
    assertThat(sent.idempotencyKey()).isEqualTo(WorkflowIds.messageKey(LEAD, "m-now"));
    // the follow-up timer is unaffected: step 1 still at T0+24h
    assertThat(t.query(LEAD).nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24)), within(1, SECONDS));
    assertThat(t.channels.sends()).hasSize(1);
  }

  @Test
  void aMessageDueOutsideTheWindowWaitsForItUnlessItOverridesBusinessHours() {
    schedule(WINDOWED);
    // T0 is 07:00 in New York: before the window
    send("m-waits", null, false, false, false);
    send("m-override", null, true, false, false);

    t.sleepUntil(ofMinutes(5));
    assertThat(messages()).extracting(s -> s.request().messageId()).containsExactly("m-override");
    assertThat(
            t.client
                .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(LEAD))
                .pendingMessages())
        .extracting(OneOffMessage::messageId, OneOffMessage::sendAt)
        .containsExactly(tuple("m-waits", T0.plus(ofHours(1))));

    t.sleepUntil(ofHours(2));
    assertThat(messages())
        .extracting(s -> s.request().messageId(), Sent::atMinute)
        .containsExactly(tuple("m-override", T0), tuple("m-waits", T0.plus(ofHours(1))));
  }

  @Test
  void twoScheduledMessagesArePendingAtOnceEachOnItsOwnLabelledTimerAndBothGo() {
    schedule(OPTIONS);
    send("m-later", T0.plus(ofHours(5)), false, false, false);
    send("m-sooner", T0.plus(ofHours(3)), false, false, false);

    t.sleepUntil(ofHours(1));
    assertThat(messages()).isEmpty();
    List<String> timers =
        t.history(LEAD).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .map(HistoryEvent::getUserMetadata)
            .map(m -> m.getSummary().getData().toStringUtf8())
            .toList();
    assertThat(timers)
        .anySatisfy(s -> assertThat(s).contains("message m-later").contains("2026-01-05T17:00:00Z"))
        .anySatisfy(
            s -> assertThat(s).contains("message m-sooner").contains("2026-01-05T15:00:00Z"));

    t.sleepUntil(ofHours(6));
    assertThat(messages())
        .extracting(s -> s.request().messageId(), Sent::atMinute)
        .containsExactly(
            tuple("m-sooner", T0.plus(ofHours(3))), tuple("m-later", T0.plus(ofHours(5))));
    assertThat(t.query(LEAD).nextFollowUpAt()).isCloseTo(T0.plus(ofHours(24)), within(1, SECONDS));
  }

  @Test
  void aStoppedLeadIsTextedOnlyWithSendWhenOff() {
    schedule(OPTIONS);
    t.apply(LEAD, FollowUpChange.step(FollowUpState.STOPPED));

    assertThatThrownBy(() -> send("m-off", null, false, false, false))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("sendWhenOff")));
    send("m-on", null, false, true, false);

    t.sleepUntil(ofMinutes(1));
    assertThat(messages()).extracting(s -> s.request().messageId()).containsExactly("m-on");
    assertThat(t.query(LEAD).followUpStatus()).isEqualTo(FollowUpStatus.STOPPED);
  }

  @Test
  void scheduleFollowUpsRestartsTheScheduleAtItsFirstStepAfterTheMessage() {
    schedule(OPTIONS);
    t.sleepUntil(ofHours(25)); // step 1 sent at T0+24h; step 2 armed for T0+72h
    assertThat(t.query(LEAD).followUpStep()).isEqualTo(2);

    send("m-restart", T0.plus(ofHours(30)), false, false, true);
    t.sleepUntil(ofHours(31));
    FollowUpState restarted = t.query(LEAD);
    assertThat(restarted.followUpStep()).isEqualTo(1);
    assertThat(restarted.followUpStatus()).isEqualTo(FollowUpStatus.SCHEDULED);
    assertThat(restarted.nextFollowUpAt()).isCloseTo(T0.plus(ofHours(30 + 24)), within(1, SECONDS));

    t.sleepUntil(ofHours(73));
    // the old step-2 timer (T0+72h) never fired; step 1 went again at T0+54h
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep(), Sent::atMinute)
        .containsExactly(
            tuple(1, T0.plus(ofHours(24))),
            tuple(SendRequest.ONE_OFF, T0.plus(ofHours(30))),
            tuple(1, T0.plus(ofHours(54))));
  }

  @Test
  void anOptedOutLeadIsRefused() {
    t.apply(LEAD, new FollowUpChange(CONFIG, 1, null, null, true), OPTIONS);
    assertThatThrownBy(() -> send("m-out", null, true, true, false))
        .satisfies(
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("optedOut")));
    t.sleepUntil(ofMinutes(1));
    assertThat(messages()).isEmpty();
  }

  @Test
  void theSameUpdateIdSendsOnce() {
    schedule(OPTIONS);
    OneOffMessage message =
        new OneOffMessage("m-once", T0.plus(ofHours(2)), false, false, false, null, null);
    LeadFollowUpInput input = new LeadFollowUpInput(LEAD, null, OPTIONS);
    LeadWorkflows.sendMessageWithStart(t.client, input, message, "msg:retry");
    // a retry with another message id but the same update id gets the first answer
    OneOffMessage second =
        LeadWorkflows.sendMessageWithStart(
            t.client,
            input,
            new OneOffMessage("m-twice", T0.plus(ofHours(2)), false, false, false, null, null),
            "msg:retry");
    assertThat(second.messageId()).isEqualTo("m-once");
    t.sleepUntil(ofHours(3));
    assertThat(messages()).extracting(s -> s.request().messageId()).containsExactly("m-once");
  }

  @Test
  void pendingMessagesAreCarriedAcrossContinueAsNew() {
    t.apply(
        LEAD,
        new FollowUpChange(CONFIG, 1, null, "America/New_York", null),
        OPTIONS.withMaxHistoryEvents(60));
    String firstRun = t.stub(LEAD).describe().getExecution().getRunId();
    send("m-carried", T0.plus(ofHours(10)), false, false, false);
    for (int i = 0; i < 12; i++) {
      t.apply(LEAD, FollowUpChange.step(i % 2 == 0 ? 2 : 1));
    }
    t.sleepUntil(ofHours(1));
    assertThat(t.stub(LEAD).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
    t.sleepUntil(ofHours(11));
    assertThat(messages())
        .extracting(s -> s.request().messageId(), Sent::atMinute)
        .containsExactly(tuple("m-carried", T0.plus(ofHours(10))));
  }

  @Test
  void aMessageDueBeyondTheCapIsRefusedNamingScheduledTime() {
    schedule(OPTIONS);
    send("m-far-enough", T0.plus(ofHours(87_600)), false, false, false);
    // the update's validator refuses a time beyond 87600 hours (and a day for clock skew)
    assertThatThrownBy(() -> send("m-far", T0.plus(ofHours(87_600 + 25)), false, false, false))
        .satisfies(
            e ->
                assertThat(LeadWorkflows.rejection(e))
                    .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("scheduledTime")));
    assertThat(
            t.client
                .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(LEAD))
                .pendingMessages())
        .extracting(OneOffMessage::messageId)
        .containsExactly("m-far-enough");
  }

  @Test
  void aStoredMessageDueBeyondWhatATimerCanHoldIsRecordedNotSentAndTheOthersGo() {
    // a re-created workflow reads its pending messages from the store, unvalidated
    Instant never = Instant.parse("+99999-01-01T00:00:00Z");
    LeadFollowUpInput input =
        new LeadFollowUpInput(LEAD, null, OPTIONS)
            .withPendingMessages(
                List.of(
                    new OneOffMessage("m-never", never, true, false, false, null, null),
                    new OneOffMessage(
                        "m-soon", T0.plus(ofHours(1)), true, false, false, null, null)));
    LeadWorkflows.applyWithStart(
        t.client, input, new FollowUpChange(CONFIG, 1, null, "America/New_York", null), null);

    t.sleepUntil(ofHours(2));
    assertThat(messages())
        .extracting(s -> s.request().messageId(), Sent::atMinute)
        .containsExactly(tuple("m-soon", T0.plus(ofHours(1))));
    LeadFollowUpWorkflow workflow =
        t.client.newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(LEAD));
    assertThat(workflow.pendingMessages()).isEmpty();
    assertThat(t.channels.recordedFailures())
        .extracting(SendRequest::messageId)
        .containsExactly("m-never");
    // the workflow still answers and sends
    t.sleepUntil(ofHours(25));
    assertThat(t.channels.sends()).extracting(s -> s.request().followUpStep()).contains(1);
  }
}

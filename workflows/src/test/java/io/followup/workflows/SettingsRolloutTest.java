package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.OPTIONS;
import static io.followup.workflows.FollowUpTestEnv.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.followup.workflows.RecordingChannels.Sent;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The organisation's settings rolled out to a running lead ({@code applySettings}): a send waiting
 * for the window is evaluated again, an armed timer keeps its instant, the same settings twice
 * change nothing. T0 is 12:00 UTC, 04:00 in Los Angeles (January, UTC-8).
 */
class SettingsRolloutTest {
  private static final String LEAD = "lead-rollout";
  private static final String ZONE = "America/Los_Angeles";

  private static final FollowUpOptions EIGHT_TO_NINE =
      OPTIONS.withSendingWindow(SendingWindow.DEFAULT);
  private static final FollowUpOptions SEVEN_TO_NINE = window(LocalTime.of(7, 0));

  private final FollowUpTestEnv t = new FollowUpTestEnv();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aTextWaitingForTheWindowMovesWhenTheWindowOpensEarlier() {
    // due at once (04:00 local): the 08:00-21:00 window defers it to 08:00 local = T0+4h
    t.apply(LEAD, new FollowUpChange(textNow(), 1, null, ZONE, null), EIGHT_TO_NINE);
    t.sleepUntil(ofMinutes(30));
    assertThat(t.query(LEAD).nextFollowUpAt()).isEqualTo(T0.plus(ofHours(4)));

    // 04:30 local: the window now opens at 07:00
    assertThat(workflow().applySettings(SEVEN_TO_NINE)).isTrue();
    t.sleepUntil(ofMinutes(31));

    FollowUpState moved = t.query(LEAD);
    assertThat(moved.nextFollowUpAt()).isEqualTo(T0.plus(ofHours(3)));
    // the store learns the new instant: the workflow saved it as the lead's projection
    assertThat(t.channels.projections().get(t.channels.projections().size() - 1)).isEqualTo(moved);

    t.sleepUntil(ofHours(5));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().channel(), Sent::atMinute)
        .containsExactly(tuple(Channel.TEXT, T0.plus(ofHours(3))));
  }

  @Test
  void aLaterOpeningMovesTheWaitingTextLater() {
    t.apply(LEAD, new FollowUpChange(textNow(), 1, null, ZONE, null), EIGHT_TO_NINE);
    t.sleepUntil(ofMinutes(30));

    workflow().applySettings(window(LocalTime.of(9, 30)));
    t.sleepUntil(ofHours(6));

    assertThat(t.channels.sends())
        .extracting(Sent::atMinute)
        .containsExactly(T0.plus(ofHours(5)).plus(ofMinutes(30)));
  }

  @Test
  void theSameSettingsTwiceChangeNothing() {
    t.apply(LEAD, new FollowUpChange(textNow(), 1, null, ZONE, null), EIGHT_TO_NINE);
    t.sleepUntil(ofMinutes(30));
    assertThat(workflow().applySettings(SEVEN_TO_NINE)).isTrue();
    t.sleepUntil(ofMinutes(31));
    long events = t.history(LEAD).getEvents().size();
    FollowUpState before = t.query(LEAD);

    assertThat(workflow().applySettings(SEVEN_TO_NINE)).isFalse();
    t.sleepUntil(ofMinutes(32));

    FollowUpState after = t.query(LEAD);
    assertThat(after).isEqualTo(before);
    // the accepted update itself is in the history; no timer, marker or activity follows it
    assertThat(
            t.history(LEAD).getEvents().stream()
                .skip(events)
                .map(e -> e.getEventType())
                .filter(
                    type ->
                        type == EventType.EVENT_TYPE_TIMER_STARTED
                            || type == EventType.EVENT_TYPE_MARKER_RECORDED
                            || type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
        .isEmpty();
  }

  @Test
  void anArmedTimerKeepsItsInstant() {
    // step 1 due in 24 h (12:00 UTC = 04:00 local next day: it will meet the window then)
    FollowUpConfig later = FollowUpConfig.of(Map.of(1, StepConfig.of(24, Channel.TEXT)));
    FollowUpState armed =
        t.apply(LEAD, new FollowUpChange(later, 1, null, ZONE, null), EIGHT_TO_NINE);
    t.sleepUntil(ofMinutes(10));

    assertThat(workflow().applySettings(SEVEN_TO_NINE)).isTrue();
    t.sleepUntil(ofMinutes(11));
    assertThat(t.query(LEAD).nextFollowUpAt()).isEqualTo(armed.nextFollowUpAt());

    // when it fires (04:00 local) it meets the new window: 07:00 local, T0+27h
    t.sleepUntil(ofHours(28));
    assertThat(t.channels.sends()).extracting(Sent::atMinute).containsExactly(T0.plus(ofHours(27)));
  }

  private LeadFollowUpWorkflow workflow() {
    return t.client.newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(LEAD));
  }

  private static FollowUpConfig textNow() {
    return FollowUpConfig.of(Map.of(1, StepConfig.of(0, Channel.TEXT)));
  }

  private static FollowUpOptions window(LocalTime start) {
    return OPTIONS.withSendingWindow(
        new SendingWindow(start, LocalTime.of(21, 0), null, null, false));
  }
}

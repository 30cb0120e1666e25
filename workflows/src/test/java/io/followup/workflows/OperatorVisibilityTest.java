package io.followup.workflows;

import static io.followup.workflows.FollowUpSearchAttributes.FOLLOW_UP_STATUS;
import static io.followup.workflows.FollowUpSearchAttributes.FOLLOW_UP_STEP;
import static io.followup.workflows.FollowUpSearchAttributes.LAST_FOLLOW_UP_OUTCOME;
import static io.followup.workflows.FollowUpSearchAttributes.LEAD_ID;
import static io.followup.workflows.FollowUpSearchAttributes.NEXT_CHANNEL;
import static io.followup.workflows.FollowUpSearchAttributes.NEXT_FOLLOW_UP_AT;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an operator finds in the Temporal UI: search attributes, summaries, details. */
class OperatorVisibilityTest {
  private static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(
              1,
              StepConfig.of(1, Channel.TEXT),
              2,
              new StepConfig(5, Channel.CALL, true, List.of("auto"))));

  private final FollowUpTestEnv t = new FollowUpTestEnv();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void searchAttributesFollowTheScheduleOnTheRunningWorkflow() {
    FollowUpState created = t.apply("lead-sa", FollowUpChange.reset(CONFIG, 1));

    WorkflowExecutionDescription description = t.stub("lead-sa").describe();
    SearchAttributes attributes = description.getTypedSearchAttributes();
    assertThat(attributes.get(LEAD_ID)).isEqualTo("lead-sa");
    assertThat(attributes.get(FOLLOW_UP_STEP)).isEqualTo(1L);
    assertThat(attributes.get(FOLLOW_UP_STATUS)).isEqualTo("SCHEDULED");
    assertThat(attributes.get(NEXT_CHANNEL)).isEqualTo("text");
    assertThat(attributes.get(NEXT_FOLLOW_UP_AT).toInstant()).isEqualTo(created.nextFollowUpAt());
    assertThat(attributes.containsKey(LAST_FOLLOW_UP_OUTCOME)).isFalse();
    assertThat(description.getStaticSummary()).isEqualTo("Follow-up schedule of lead lead-sa");

    t.sleepUntil(ofHours(2));
    SearchAttributes afterSend = t.stub("lead-sa").describe().getTypedSearchAttributes();
    assertThat(afterSend.get(FOLLOW_UP_STEP)).isEqualTo(2L);
    assertThat(afterSend.get(NEXT_CHANNEL)).isEqualTo("call");
    assertThat(afterSend.get(LAST_FOLLOW_UP_OUTCOME)).isEqualTo("SENT");

    t.apply("lead-sa", FollowUpChange.step(-1));
    SearchAttributes stopped = t.stub("lead-sa").describe().getTypedSearchAttributes();
    assertThat(stopped.get(FOLLOW_UP_STATUS)).isEqualTo("STOPPED");
    assertThat(stopped.containsKey(NEXT_FOLLOW_UP_AT)).isFalse();
    assertThat(stopped.containsKey(NEXT_CHANNEL)).isFalse();
  }

  @Test
  void attributesAreUpsertedOnlyWhenTheyChange() {
    t.apply("lead-quiet", FollowUpChange.reset(CONFIG, 1));
    long before = upserts(t.history("lead-quiet").getEvents());

    // lead facts that no attribute shows
    t.apply("lead-quiet", new FollowUpChange(null, null, true, "Europe/Paris", null));
    t.apply("lead-quiet", new FollowUpChange(null, null, false, null, null));

    assertThat(upserts(t.history("lead-quiet").getEvents())).isEqualTo(before);
  }

  @Test
  void timersAndActivitiesAreLabelledWithStepAndChannel() {
    t.apply("lead-label", FollowUpChange.reset(CONFIG, 1));
    t.sleepUntil(ofHours(2));

    List<HistoryEvent> events = t.history("lead-label").getEvents();
    assertThat(
            events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
                .map(e -> summary(e)))
        .first()
        .asString()
        .startsWith("step 1 · text due ");
    assertThat(
            events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> summary(e)))
        .containsExactly("step 1 · text · lead-label:1", "save projection");
  }

  @Test
  void currentDetailsShowTheConfigTableAndTheNextDueTime() {
    FollowUpState state =
        io.followup.workflows.schedule.FollowUpSchedule.apply(
            FollowUpState.unscheduled("lead-md"),
            FollowUpChange.reset(CONFIG, 2),
            FollowUpTestEnv.T0,
            FollowUpOptions.DEFAULTS);

    String md = OperatorView.details(state, FollowUpOptions.DEFAULTS);

    assertThat(md)
        .contains("**Status** SCHEDULED · **Step** 2 · **Next channel** call")
        .contains("**Next follow-up** 2026-01-05T17:00:00Z")
        .contains("| Step | Hours | Channel | Voicemail | Strategies |")
        .contains("| 1 | 1.0 | text | no | - |")
        .contains("| **2** ◀ | 5.0 | call | yes | auto |");
  }

  private static String summary(HistoryEvent event) {
    return io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        event.getUserMetadata().getSummary(), String.class, String.class);
  }

  private static long upserts(List<HistoryEvent> events) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .count();
  }
}

package io.followup.workflows;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.StepConfig;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A reset cancels the pending timer: superseded schedules never fire and never pile up. */
class ResettableTimerTest {
  private final FollowUpTestEnv t = new FollowUpTestEnv();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aLeadResetFiftyTimesFiresOnlyTheTimersOfTheStepsItRuns() {
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(2, Channel.TEXT), 2, StepConfig.of(3, Channel.EMAIL)));
    t.apply("lead-50", FollowUpChange.reset(config, 1));
    for (int i = 0; i < 50; i++) {
      // every minute a reset to step 1: its 2 h timer is replaced before it can fire
      t.sleepUntil(ofMinutes(i + 1));
      FollowUpState state =
          t.apply("lead-50", i % 2 == 0 ? FollowUpChange.step(1) : FollowUpChange.config(config));
      assertThat(state.changeSeq()).isEqualTo(i + 2);
    }
    // last reset at T0+50m: step 1 at T0+2h50m, step 2 three hours later, then long-term
    t.sleepUntil(ofHours(6));

    assertThat(t.channels.sends()).hasSize(2);
    List<HistoryEvent> events = t.history("lead-50").getEvents();
    assertThat(count(events, EventType.EVENT_TYPE_TIMER_STARTED)).isEqualTo(51 + 2);
    assertThat(count(events, EventType.EVENT_TYPE_TIMER_CANCELED)).isEqualTo(50);
    assertThat(count(events, EventType.EVENT_TYPE_TIMER_FIRED))
        .as("one fired timer per step actually run")
        .isEqualTo(t.channels.sends().size());

    // and nothing stray fires later: only the long-term timer is pending
    t.sleepUntil(ofHours(24 * 20));
    List<HistoryEvent> later = t.history("lead-50").getEvents();
    assertThat(count(later, EventType.EVENT_TYPE_TIMER_FIRED)).isEqualTo(2);
    assertThat(t.channels.sends()).hasSize(2);
  }

  @Test
  void aSupersededTimerLeavesNoWarningWhenTheWorkerEvictsTheWorkflow() {
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    Logger runner =
        (Logger) LoggerFactory.getLogger("io.temporal.internal.sync.DeterministicRunnerImpl");
    warnings.start();
    runner.addAppender(warnings);
    try {
      FollowUpConfig config = FollowUpConfig.of(Map.of(1, StepConfig.of(2, Channel.TEXT)));
      t.apply("lead-evicted", FollowUpChange.reset(config, 1));
      t.sleepUntil(ofMinutes(1));
      // the first timer is cancelled; its promise fails with CanceledFailure
      t.apply("lead-evicted", FollowUpChange.step(1));

      // a worker shutdown evicts the cached workflow and closes its runner
      t.env.getWorkerFactory().shutdownNow();
      t.env.getWorkerFactory().awaitTermination(10, TimeUnit.SECONDS);

      assertThat(warnings.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains("never accessed"));
    } finally {
      runner.detachAppender(warnings);
    }
  }

  private static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }
}

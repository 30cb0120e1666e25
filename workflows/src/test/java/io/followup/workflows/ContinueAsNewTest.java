package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.OPTIONS;
import static io.followup.workflows.FollowUpTestEnv.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.StepConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Continue-as-new (forced here by a small history bound) carries the whole state. */
class ContinueAsNewTest {
  /** Small enough that a few updates force a new run. */
  private static final FollowUpOptions SMALL_HISTORY = OPTIONS.withMaxHistoryEvents(40);

  private static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(
              1,
              StepConfig.of(1, Channel.TEXT),
              2,
              StepConfig.of(100, Channel.EMAIL),
              3,
              StepConfig.of(2, Channel.TEXT)));

  private final FollowUpTestEnv t = new FollowUpTestEnv();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aNewRunKeepsTheStateThePendingDueInstantAndEveryUpdate() {
    t.apply("lead-can", FollowUpChange.reset(CONFIG, 1), SMALL_HISTORY);
    t.sleepUntil(ofHours(2)); // step 1 sent at T0+1h; step 2 due T0+101h
    String firstRun = t.stub("lead-can").describe().getExecution().getRunId();

    Set<String> runs = new HashSet<>();
    FollowUpState last = null;
    for (int i = 1; i <= 30; i++) {
      t.sleepUntil(ofHours(2).plus(ofMinutes(i)));
      // toggling between steps 2 and 3 resets the timer each time; every one must land
      last = t.apply("lead-can", FollowUpChange.step(i % 2 == 0 ? 2 : 3));
      assertThat(last.changeSeq()).isEqualTo(1 + i);
      runs.add(t.stub("lead-can").describe().getExecution().getRunId());
    }
    FollowUpState beforeRun = t.query("lead-can");
    assertThat(beforeRun).isEqualTo(last);
    assertThat(runs).as("the history bound forced new runs").hasSizeGreaterThan(1);
    assertThat(t.stub("lead-can").describe().getExecution().getRunId()).isNotEqualTo(firstRun);

    // the last update (i = 30) armed step 2 at T0+2h30m + 100h; the new run fires it then
    assertThat(last.followUpStep()).isEqualTo(2);
    assertThat(last.sendSeq()).isEqualTo(1);
    t.sleepUntil(ofHours(103));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().idempotencyKey(), RecordingChannels.Sent::atMinute)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lead-can:1", T0.plus(ofHours(1))),
            org.assertj.core.groups.Tuple.tuple(
                "lead-can:2", T0.plus(ofHours(102).plus(ofMinutes(30)))));
    assertThat(t.query("lead-can").followUpStep()).isEqualTo(3);
  }

  @Test
  void aRunContinuedWhileItsTimerIsPendingKeepsTheDueInstant() {
    FollowUpOptions options = SMALL_HISTORY;
    FollowUpState armed = t.apply("lead-idle", FollowUpChange.reset(CONFIG, 2), options);
    // updates that change no schedule still grow the history until a new run starts
    for (int i = 0; i < 20; i++) {
      t.apply("lead-idle", new FollowUpChange(null, null, i % 2 == 0, null, null));
    }
    FollowUpState after = t.query("lead-idle");
    assertThat(after.nextFollowUpAt()).isEqualTo(armed.nextFollowUpAt());
    assertThat(after.followUpStep()).isEqualTo(2);
    assertThat(t.history("lead-idle").getEvents().size()).isLessThan(60);
    t.sleepUntil(ofHours(101));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(s -> assertThat(s.atMinute()).isEqualTo(T0.plus(ofHours(100))));
  }
}

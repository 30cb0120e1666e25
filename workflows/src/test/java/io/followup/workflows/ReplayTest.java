package io.followup.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A code change must never break a running lead: replay recorded histories on the current code. */
class ReplayTest {
  private static final Path HISTORIES = Path.of("src/test/resources/histories");

  static Stream<String> committedHistories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** The histories {@link HistoryScenarios} records; its Javadoc says which path each covers. */
  @Test
  void everyPathHasACommittedHistory() throws IOException {
    assertThat(committedHistories().toList())
        .containsExactlyInAnyOrder(
            "all-steps-run1.json",
            "all-steps-run2.json",
            "reset.json",
            "stop.json",
            "idle-continue-as-new-run1.json",
            "idle-continue-as-new-run2.json",
            "change-during-send.json",
            "outcomes.json",
            "continue-as-new-run1.json",
            "continue-as-new-run2.json",
            "continue-as-new-run3.json",
            "daily-cap.json",
            "send-rules.json",
            "settings-rollout.json",
            "conversations.json",
            "send-message-run1.json",
            "send-message-run2.json",
            "send-message-run3.json",
            "send-message-run4.json",
            "message-too-far.json",
            "pause.json");
  }

  @ParameterizedTest
  @MethodSource("committedHistories")
  void committedHistoryReplays(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(HISTORIES.resolve(file))),
        LeadFollowUpWorkflowImpl.class);
  }

  @Test
  // a wedged test server must fail the build, not hang it
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theCurrentCodeReplaysItsOwnHistories() throws Exception {
    for (List<WorkflowExecutionHistory> runs : recordAgainIfWedged().values()) {
      for (WorkflowExecutionHistory run : runs) {
        WorkflowReplayer.replayWorkflowExecution(run, LeadFollowUpWorkflowImpl.class);
      }
    }
  }

  /**
   * The in-memory test server can wedge an Update that races a workflow task on a loaded machine
   * ("invalid history builder state for action"): the recording then waits forever. Such a
   * recording is abandoned after 3 minutes (about 10 s on a quiet machine) and made again, twice at
   * most; a scenario that fails outright fails at once.
   */
  private static Map<String, List<WorkflowExecutionHistory>> recordAgainIfWedged()
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      String name = "history-recording-" + attempt;
      ExecutorService recorder =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
              });
      try {
        return recorder.submit(HistoryScenarios::record).get(3, TimeUnit.MINUTES);
      } catch (TimeoutException wedged) {
        if (attempt == 3) {
          throw new AssertionError("the history recording wedged three times", wedged);
        }
      } catch (ExecutionException failed) {
        throw failed.getCause() instanceof Exception e ? e : failed;
      } finally {
        recorder.shutdownNow();
      }
    }
  }
}

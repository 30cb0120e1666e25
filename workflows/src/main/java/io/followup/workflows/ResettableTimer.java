package io.followup.workflows;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A timer a change can supersede: armed in its own cancellation scope and cancelled, never left
 * running, when it is superseded or the run leaves. ({@code Workflow.await(Duration, ...)} is not
 * used: in SDK 1.38 it leaves its timer running.) Workflow code only.
 */
final class ResettableTimer {
  private ResettableTimer() {}

  /**
   * Waits {@code wait} on a fresh timer; false when {@code superseded} or {@code leave} became true
   * first (the timer is then cancelled). A change that arrives in the same workflow task as the
   * firing timer still supersedes it: the old schedule must not run.
   */
  static boolean await(
      Duration wait, String summary, BooleanSupplier superseded, BooleanSupplier leave) {
    TimerOptions options = TimerOptions.newBuilder().setSummary(summary).build();
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(wait, options));
    scope.run();
    // a cancelled timer's promise fails with CanceledFailure; a handler marks that failure as
    // seen, else the SDK warns with its stack trace when the workflow leaves the worker's cache
    // (at every worker shutdown). In memory only: no command, nothing in the history.
    timer[0].handle((fired, cancelled) -> null);
    Workflow.await(
        () -> timer[0].isCompleted() || superseded.getAsBoolean() || leave.getAsBoolean());
    if (!timer[0].isCompleted() || superseded.getAsBoolean()) {
      scope.cancel();
      return false;
    }
    return true;
  }
}

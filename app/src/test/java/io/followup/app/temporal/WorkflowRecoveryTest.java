package io.followup.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.app.temporal.WorkflowRecovery.IncompleteRecovery;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkflowRecoveryTest {

  @Test
  void anIncompletePassIsRetriedUntilOneCompletes() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch completed = new CountDownLatch(1);
    WorkflowRecovery recovery =
        new WorkflowRecovery(
            client -> {
              int pass = passes.incrementAndGet();
              if (pass == 1) {
                throw new IncompleteRecovery(7, 3);
              }
              if (pass == 2) {
                throw new IllegalStateException("the database is unreachable");
              }
              completed.countDown();
              return 3;
            },
            () -> null,
            false,
            Duration.ofMillis(20));

    assertThat(recovery.recoverNow()).as("the first pass started 7 of 10").isEqualTo(7);

    assertThat(completed.await(5, TimeUnit.SECONDS)).as("a later pass completed").isTrue();
    Thread.sleep(100); // no pass after the complete one
    assertThat(passes.get()).isEqualTo(3);
    recovery.stop();
  }

  @Test
  void aCompletePassSchedulesNothing() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    WorkflowRecovery recovery =
        new WorkflowRecovery(
            client -> passes.incrementAndGet(), () -> null, false, Duration.ofMillis(10));

    assertThat(recovery.recoverNow()).isEqualTo(1);
    Thread.sleep(100);
    assertThat(passes.get()).isEqualTo(1);
    recovery.stop();
  }
}

package io.followup.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.followup.app.temporal.WorkflowRecovery.IncompleteRecovery;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

  @Test
  void theStartReturnsWhileThePassRunsInTheBackground() throws Exception {
    CountDownLatch passing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger passes = new AtomicInteger();
    WorkflowRecovery recovery =
        new WorkflowRecovery(
            client -> {
              passes.incrementAndGet();
              passing.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 50_000;
            },
            () -> null,
            true,
            Duration.ofSeconds(5),
            () -> 50_000,
            10_000);

    Logger logger = (Logger) LoggerFactory.getLogger(WorkflowRecovery.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    long began = System.nanoTime();
    try {
      recovery.start();
    } finally {
      logger.detachAppender(logs);
    }
    long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

    // the start returned (the server opens, writes are served) while the pass still runs
    assertThat(passing.await(5, TimeUnit.SECONDS)).as("the pass began").isTrue();
    assertThat(startMillis).isLessThan(2_000);
    assertThat(release.getCount()).as("the pass had not finished").isOne();
    // 50,000 stored leads, past the ceiling of 10,000: the start warned
    assertThat(logs.list)
        .anySatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).contains("50000 leads, past the 10000");
            });
    release.countDown();
    Thread.sleep(50);
    assertThat(passes.get()).isOne();
    recovery.stop();
  }

  @Test
  void aStopDuringTheBackgroundPassSchedulesNoRetry() throws Exception {
    CountDownLatch passing = new CountDownLatch(1);
    AtomicInteger passes = new AtomicInteger();
    WorkflowRecovery recovery =
        new WorkflowRecovery(
            client -> {
              passes.incrementAndGet();
              passing.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
              return 0;
            },
            () -> null,
            true,
            Duration.ofMillis(10));
    recovery.start();
    assertThat(passing.await(5, TimeUnit.SECONDS)).isTrue();
    recovery.stop();
    Thread.sleep(100);
    assertThat(passes.get()).isOne();
  }

  @Test
  void theStartWarnsPastTheCeilingOnly() {
    assertThat(WorkflowRecovery.ceilingWarning(10_000, 10_000)).isEmpty();
    assertThat(WorkflowRecovery.ceilingWarning(10_001, 10_000))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("10001 leads")
                    .contains("EMBEDDED_MAX_LEADS")
                    .contains("compose stack"));
  }
}

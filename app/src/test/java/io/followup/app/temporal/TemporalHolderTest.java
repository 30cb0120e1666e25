package io.followup.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passes and a replacement exclude each other; both waits are bounded. */
class TemporalHolderTest {
  private static final Duration SHORT = Duration.ofMillis(100);

  private final TemporalHolder holder = new TemporalHolder(null);
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    other.shutdownNow();
  }

  @Test
  void aReplacementWaitsForTheChangesUnderWayAndGivesUpAfterItsWait() throws Exception {
    Lock pass = holder.enter(SHORT);
    assertThat(pass).isNotNull();

    Future<Boolean> replaced = other.submit(() -> holder.whilePaused(SHORT, () -> {}));
    assertThat(replaced.get(5, TimeUnit.SECONDS)).isFalse();

    pass.unlock();
    assertThat(other.submit(() -> holder.whilePaused(SHORT, () -> {})).get(5, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void newChangesWaitForAReplacementAndAreTurnedAwayAfterTheirWait() throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> replacement =
        other.submit(
            () ->
                holder.whilePaused(
                    SHORT,
                    () -> {
                      paused.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(holder.enter(SHORT)).isNull(); // the API answers 503, nothing changed

    release.countDown();
    assertThat(replacement.get(5, TimeUnit.SECONDS)).isTrue();
    Lock pass = holder.enter(SHORT);
    assertThat(pass).isNotNull();
    pass.unlock();
  }

  @Test
  void theConnectionIsReplacedOnlyWhilePaused() {
    assertThatThrownBy(() -> holder.replace(null)).isInstanceOf(IllegalStateException.class);
  }
}

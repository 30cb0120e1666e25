package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The search attributes' registration on a server tries again until the server answers (a compose
 * stack starts the app beside a Temporal server still starting): waits of 1, 2, 4 ... up to 30 s,
 * and it gives up only when the process stops.
 */
class SearchAttributeRetryTest {
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  @Test
  void aServerThatAnswersOnTheSeventhAttemptGetsThemThenAfterWaitsThatDoubleUpTo30Seconds() {
    AtomicInteger calls = new AtomicInteger();
    int attempts =
        SearchAttributes.untilDone(
            () -> {
              if (calls.incrementAndGet() < 7) {
                throw Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
              }
            },
            () -> false,
            waits::add,
            e -> failures.add(e.getMessage()));

    assertThat(attempts).isEqualTo(7);
    assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L);
    assertThat(failures).hasSize(6).allMatch(m -> m.contains("connection refused"));
  }

  @Test
  void theFirstSuccessEndsItWithoutAWait() {
    assertThat(SearchAttributes.untilDone(() -> {}, () -> false, waits::add, e -> {})).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aProcessGoingDownStopsTrying() {
    AtomicBoolean stopped = new AtomicBoolean();
    int attempts =
        SearchAttributes.untilDone(
            () -> {
              throw Status.DEADLINE_EXCEEDED.asRuntimeException();
            },
            stopped::get,
            wait -> {
              waits.add(wait);
              if (waits.size() == 3) {
                stopped.set(true);
              }
            },
            e -> failures.add(e.getMessage()));

    assertThat(attempts).isEqualTo(-1);
    assertThat(waits).hasSize(3);
    assertThat(failures).hasSize(3);
  }
}

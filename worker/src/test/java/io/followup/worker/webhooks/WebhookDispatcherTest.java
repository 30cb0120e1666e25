package io.followup.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.worker.metrics.WebhookMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
  private static WebhookDispatcher dispatcher(DispatchSettings settings) {
    return new WebhookDispatcher(
        null,
        List.of(),
        new WebhookSignature("k"),
        settings,
        new WebhookMeters(new SimpleMeterRegistry()),
        Clock.systemUTC());
  }

  @Test
  void theBackoffDoublesFromTheFirstRetryUpToTheMaximumWithJitterBelowIt() {
    WebhookDispatcher d =
        dispatcher(
            DispatchSettings.defaults()
                .withRetries(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(25)));
    for (int i = 0; i < 50; i++) {
      assertThat(d.backoff(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
      assertThat(d.backoff(2)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
      assertThat(d.backoff(5)).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(160));
      assertThat(d.backoff(20)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
      assertThat(d.backoff(1000)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
    }
  }

  @Test
  void theDefaultsRetryForMoreThanADay() {
    assertThat(DispatchSettings.defaults().retryFor()).isGreaterThan(Duration.ofHours(24));
  }

  @Test
  void theSignatureIsTheLowercaseHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2
    assertThat(
            new WebhookSignature("Jefe")
                .sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(new WebhookSignature("Jefe").toString()).doesNotContain("Jefe");
  }
}

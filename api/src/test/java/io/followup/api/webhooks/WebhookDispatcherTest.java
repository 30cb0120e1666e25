package io.followup.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.webhooks.PendingWebhook;
import io.followup.domain.webhooks.WebhookAttempt;
import io.followup.domain.webhooks.WebhookQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /** An outbox that only answers its counts by URL. */
  private static WebhookQueue counts(Map<String, Long> pending) {
    return new WebhookQueue() {
      @Override
      public List<PendingWebhook> claim(
          String url, int limit, Instant now, Instant leaseUntil, String owner) {
        return List.of();
      }

      @Override
      public void delivered(long id, String owner, WebhookAttempt attempt) {}

      @Override
      public void retry(long id, String owner, Instant nextAttemptAt, WebhookAttempt attempt) {}

      @Override
      public void dead(long id, String owner, WebhookAttempt attempt) {}

      @Override
      public Map<String, Long> pendingByUrl() {
        return pending;
      }
    };
  }

  private static WebhookDispatcher listing(String url, WebhookQueue queue) {
    return new WebhookDispatcher(
        queue,
        List.of(URI.create(url)),
        new WebhookSignature("k"),
        DispatchSettings.defaults(),
        new WebhookMeters(new SimpleMeterRegistry()),
        Clock.systemUTC());
  }

  @Test
  void rowsForAUrlThisProcessDoesNotListAreCountedNamingTheHostOnly() {
    String listed = "https://crm.example.com/hooks?token=listed-secret";
    WebhookDispatcher d =
        listing(
            listed,
            counts(
                Map.of(
                    listed,
                    7L,
                    "https://old.example.net/in?token=s3cret-token",
                    3L,
                    "http://other.example.org:8080/x/y",
                    2L)));

    assertThat(d.unlistedUrlsWarning())
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("5 pending row(s)")
                    .contains("2 receiver host(s)")
                    .contains("old.example.net, other.example.org")
                    .doesNotContain("token")
                    .doesNotContain("s3cret")
                    .doesNotContain("/in")
                    .doesNotContain("crm.example.com"));
  }

  @Test
  void noWarningWhenEveryPendingRowIsForAListedUrl() {
    String listed = "https://crm.example.com/hooks";
    assertThat(listing(listed, counts(Map.of(listed, 4L))).unlistedUrlsWarning()).isEmpty();
    assertThat(listing(listed, counts(Map.of())).unlistedUrlsWarning()).isEmpty();
  }
}

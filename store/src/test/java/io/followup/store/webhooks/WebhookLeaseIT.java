package io.followup.store.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.webhooks.PendingWebhook;
import io.followup.domain.webhooks.WebhookAttempt;
import io.followup.store.support.Engine;
import io.followup.store.support.TestDatabases;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A webhook row's outcome is written only by the dispatcher that holds its lease. */
class WebhookLeaseIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aDispatcherWhoseLeaseWasTakenOverDoesNotMarkTheRowDelivered(Engine engine) {
    String url = "http://127.0.0.1:9/hooks/" + UUID.randomUUID();
    WebhookOutbox outbox =
        WebhookOutbox.toEveryUrl(
            List.of(URI.create(url)), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    long id = engine.jdbi().inTransaction(outbox::ping).get(0);
    JdbiWebhookQueue queue = new JdbiWebhookQueue(engine.jdbi());

    // A leases it for a minute and stalls past its lease; B leases it after
    assertThat(queue.claim(url, 10, T0, T0.plusSeconds(60), "A"))
        .extracting(PendingWebhook::id)
        .containsExactly(id);
    Instant later = T0.plusSeconds(120);
    assertThat(queue.claim(url, 10, later, later.plusSeconds(60), "B"))
        .extracting(PendingWebhook::id)
        .containsExactly(id);

    // A's late answer changes nothing: the row stays B's, pending, with no attempt recorded
    queue.delivered(id, "A", new WebhookAttempt(later, 200, 5, null));
    assertThat(row(engine, id)).containsEntry("status", "PENDING").containsEntry("owner", "B");
    assertThat(attempts(engine, id)).isZero();

    // B's answer is the one that counts
    queue.delivered(id, "B", new WebhookAttempt(later.plusSeconds(1), 200, 5, null));
    assertThat(row(engine, id)).containsEntry("status", "DELIVERED").containsEntry("owner", null);
    assertThat(attempts(engine, id)).isEqualTo(1);
  }

  private static Map<String, Object> row(Engine engine, long id) {
    return engine
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT status, lease_owner AS owner FROM webhook_outbox WHERE id = :id")
                    .bind("id", id)
                    .mapToMap()
                    .one());
  }

  private static long attempts(Engine engine, long id) {
    return engine
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT attempts FROM webhook_outbox WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one());
  }
}

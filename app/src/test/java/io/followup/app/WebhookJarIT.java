package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.app.support.Http;
import io.followup.app.support.Poll;
import io.followup.app.support.Ports;
import io.followup.store.support.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's embedded run with WEBHOOK_URLS: a webhook whose event was recorded before a
 * {@code kill -9} reaches the receiver after the restart, with the eventId of its first attempt
 * (the outbox row was written with the event, in the H2 file; the body is built once).
 */
class WebhookJarIT {
  private static final Path RUN = Path.of("..", "run.sh");
  private static final String KEY = "webhook-jar-it-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private final List<Process> processes = new ArrayList<>();
  private final WebhookReceiver receiver = new WebhookReceiver();
  private int port;
  private int adminPort;

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    receiver.close();
  }

  @Test
  void aWebhookPendingAtAKillMinus9IsDeliveredAfterTheRestartWithItsEventId() throws Exception {
    // the receiver is failing: the first attempt is answered 500, the row stays in the outbox
    receiver.answer.set(500);
    Http http = start();
    Process first = processes.get(0);
    Http.Reply created =
        http.post(
            "/v1/leads/create", lead("+15550300001", "\"additionalInfo\":{\"company\":\"Acme\"}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    assertThat(
            http.patch("/v1/leads/" + id, "{\"additionalInfo\":{\"company\":\"Globex\"}}").status())
        .isEqualTo(200);

    JsonNode attempted =
        Poll.until(
                Duration.ofSeconds(30), () -> updates(receiver.received(), id), l -> !l.isEmpty())
            .get(0);
    String eventId = attempted.get("eventId").asText();
    // let the failed attempt be recorded (the next one is due 1-2 s later), then kill -9
    Thread.sleep(1_000);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
    int attemptsBefore = updates(receiver.received(), id).size();

    receiver.answer.set(200);
    start();
    List<JsonNode> delivered =
        Poll.until(
            Duration.ofSeconds(120), () -> updates(receiver.accepted(), id), l -> !l.isEmpty());

    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).get("eventId").asText()).isEqualTo(eventId);
    assertThat(delivered.get(0).toString()).isEqualTo(attempted.toString());
    assertThat(
            delivered.get(0).get("data").get("additionalInfo").get("company").get("new").asText())
        .isEqualTo("Globex");
    assertThat(updates(receiver.received(), id).size()).isGreaterThan(attemptsBefore);
  }

  /** The lead's {@code lead.additionalInfo.updated} webhooks among {@code requests}. */
  private static List<JsonNode> updates(List<WebhookReceiver.Received> requests, String leadId) {
    List<JsonNode> found = new ArrayList<>();
    for (WebhookReceiver.Received r : requests) {
      try {
        JsonNode body = JSON.readTree(r.body());
        if (body.get("event").asText().equals("lead.additionalInfo.updated")
            && body.get("data").get("leadId").asText().equals(leadId)) {
          found.add(body);
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return found;
  }

  private Http start() throws Exception {
    if (port == 0) {
      port = Ports.free();
      adminPort = Ports.free();
    }
    ProcessBuilder builder =
        new ProcessBuilder("bash", RUN.toString())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("out-" + processes.size() + ".log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("ADMIN_PORT", Integer.toString(adminPort));
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("API_KEYS", KEY);
    builder.environment().put("WEBHOOK_URLS", receiver.url());
    builder.environment().put("WEBHOOK_SECRET", "webhook-jar-it-secret");
    // the retry after a failed attempt comes 1-2 s later, not 5-10 s (the default first retry)
    builder.environment().put("JAVA_OPTS", "-Ddw.webhooks.firstRetry=2s");
    processes.add(builder.start());
    Http http = new Http(port, KEY);
    Poll.until(Duration.ofSeconds(60), http::answers, ok -> ok);
    return http;
  }
}

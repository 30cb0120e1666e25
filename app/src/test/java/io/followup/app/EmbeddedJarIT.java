package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.JarTemporal;
import io.followup.app.support.Poll;
import io.followup.app.support.Ports;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.OneOffMessage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command run, as a user starts it: the README's {@code ./run.sh} (the fat jar's {@code
 * embedded} command) in its own process, run by failsafe after the jar is packaged. The curl
 * walkthrough works, a step of 0.0005 hours is sent, and after the process is killed a pending step
 * and a scheduled message still go, once each. The process serves its in-memory Temporal service on
 * a port ({@code TEMPORAL_PORT}) so the test lets time pass on it (time skipping) instead of
 * waiting for a step on the wall clock.
 */
class EmbeddedJarIT {
  /** The README's run command; it starts the jar failsafe runs after (app/target/followup.jar). */
  private static final Path RUN = Path.of("..", "run.sh");

  /** Kept when the test fails: the processes' logs (out-N.log) say why. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  private final List<Process> processes = new ArrayList<>();
  private final List<JarTemporal> services = new ArrayList<>();
  private int port;

  @AfterEach
  void stop() {
    services.forEach(JarTemporal::close);
    processes.forEach(Process::destroyForcibly);
  }

  /** The in-memory Temporal service of the process started last. */
  private JarTemporal temporal() {
    return services.get(services.size() - 1);
  }

  private Http start() throws Exception {
    port = port == 0 ? Ports.free() : port;
    ProcessBuilder builder =
        new ProcessBuilder("bash", RUN.toString())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("out-" + processes.size() + ".log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("ADMIN_PORT", Integer.toString(Ports.free()));
    builder.environment().put("DATA_DIR", dataDir.toString());
    int temporalPort = Ports.free();
    builder.environment().put("TEMPORAL_PORT", Integer.toString(temporalPort));
    builder.environment().remove("API_KEYS");
    // the walkthrough must not depend on the hour it runs at: no sending window
    builder.environment().put("SENDING_WINDOW_START", "00:00");
    builder.environment().put("SENDING_WINDOW_END", "24:00");
    processes.add(builder.start());
    Path keyFile = dataDir.resolve("api-key");
    Poll.until(Duration.ofSeconds(60), () -> Files.exists(keyFile), ok -> ok);
    Http http = new Http(port, Files.readString(keyFile).strip());
    // a start takes 5-15 s; on a loaded machine (load average 20 and more) over a minute
    Poll.until(Duration.ofSeconds(120), http::answers, ok -> ok);
    services.add(new JarTemporal(temporalPort));
    return http;
  }

  private static long messages(Http http, String id) {
    JsonNode events = http.get("/v1/leads/" + id + "/events?types=MESSAGE").body().get("events");
    return events == null ? -1 : events.size();
  }

  /**
   * After a send and a request that carries a key and a phone number in its query string: the log
   * (stdout and stderr, access log included) has no phone, email, name, message body or key. The
   * generated key is printed once at start, on its own line, for the person trying the engine.
   */
  private void noPersonalDataOrKeysInTheLog(Http http) throws IOException {
    HttpRequest leaky =
        http.request("/v1/leads?x-api-key=query-secret&phone=%2B15555555555", null).GET().build();
    assertThat(http.send(leaky).status()).isEqualTo(403);
    Path out = dataDir.resolve("out-0.log");
    Poll.until(
        Duration.ofSeconds(10),
        () -> read(out),
        log -> log.contains("\"GET /v1/leads HTTP/1.1\" 403"));
    String key = Files.readString(dataDir.resolve("api-key")).strip();
    List<String> lines =
        read(out).lines().filter(line -> !line.startsWith("API key (kept in")).toList();
    assertThat(lines)
        .isNotEmpty()
        .noneMatch(line -> line.matches(".*\\bAda\\b.*"))
        .noneMatch(line -> line.contains("Lovelace"))
        .noneMatch(line -> line.contains("5555555555"))
        .noneMatch(line -> line.contains("ada@example.com"))
        .noneMatch(line -> line.contains("following up")) // the default text's body
        .noneMatch(line -> line.contains("query-secret"))
        .noneMatch(line -> line.contains(key));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The walkthrough, then a kill with two things pending: a follow-up step (the workflow's state,
   * re-created from the stored lead) and a scheduled one-off message (sendMessage: the workflow's
   * and the database's; the in-memory Temporal service forgets both on a kill). The restarted
   * process re-creates both, each goes once, at its time, as written. One process and one restart
   * for both: a start of the jar is the slow part of this class.
   */
  @Test
  void theWalkthroughWorksAndAPendingStepAndAScheduledMessageSurviveAKill() throws Exception {
    Http http = start();

    // the README walkthrough: create, update, get, events
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 555 555 5555",
                "\"email\":\"ada@example.com\",\"timezone\":\"America/New_York\","
                    + "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}"));
    assertThat(created.status()).isEqualTo(200);
    String id = created.body().get("id").asText();
    Reply updated =
        http.patch(
            "/v1/leads/" + id,
            "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"text\"},"
                + "\"2\":{\"hours\":1,\"channel\":\"text\"}},\"additionalInfo\":{\"company\":\"Acme\"}}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(http.get("/v1/leads/" + id).body().get("followUpStep").asInt()).isEqualTo(1);
    temporal().skip(Duration.ofMillis(1_800)); // 0.0005 h
    Poll.until(Duration.ofSeconds(15), () -> messages(http, id), n -> n == 1);
    assertThat(
            http.get("/v1/leads/" + id + "/events")
                .body()
                .get("events")
                .get(0)
                .get("type")
                .asText())
        .isEqualTo("FOLLOW_UP_CHANGED");

    noPersonalDataOrKeysInTheLog(http);

    // step 2 (in an hour) is pending
    Poll.until(
        Duration.ofSeconds(10),
        () -> http.get("/v1/leads/" + id).body().get("followUpStep").asInt(),
        step -> step == 2);

    // a message scheduled an hour ahead for another lead is pending too
    Reply other =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 555 555 0142",
                "\"followUpConfig\":{\"1\":{\"hours\":100,\"channel\":\"text\"}}"));
    assertThat(other.status()).isEqualTo(200);
    String scheduled = other.body().get("id").asText();
    Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Reply accepted =
        http.post(
            "/v1/leads/" + scheduled + "/sendMessage",
            "{\"message\":\"See you at 3\",\"scheduledTime\":\"" + due + "\"}");
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
    assertThat(messages(http, scheduled)).isZero();

    // kill the process, no goodbye
    processes.get(0).destroyForcibly().waitFor();

    Instant restartedAt = Instant.now();
    Http restarted = start();
    // the restarted process re-created both workflows from the store, nothing due yet
    FollowUpState pending = temporal().await(id, LeadFollowUpWorkflow::state, state -> true);
    assertThat(pending.followUpStep()).isEqualTo(2);
    List<OneOffMessage> held =
        temporal().await(scheduled, LeadFollowUpWorkflow::pendingMessages, list -> true);
    assertThat(held).extracting(OneOffMessage::sendAt).containsExactly(due);
    assertThat(temporal().now()).isBefore(due);
    assertThat(messages(restarted, id)).isEqualTo(1);
    assertThat(messages(restarted, scheduled)).isZero();

    // an hour passes (on the Temporal service's clock): the step and the message go
    temporal().skipPast(pending.nextFollowUpAt().isAfter(due) ? pending.nextFollowUpAt() : due);
    Poll.until(Duration.ofSeconds(30), () -> messages(restarted, id), n -> n == 2);
    JsonNode lead =
        Poll.until(
            Duration.ofSeconds(10),
            () -> restarted.get("/v1/leads/" + id).body(),
            l -> l.get("followUpStatus").asText().equals("LONG_TERM"));
    assertThat(lead.get("additionalInfo").get("company").asText()).isEqualTo("Acme");
    Poll.until(Duration.ofSeconds(60), () -> messages(restarted, scheduled), n -> n == 1);
    JsonNode event =
        restarted
            .get("/v1/leads/" + scheduled + "/events?types=MESSAGE")
            .body()
            .get("events")
            .get(0);
    assertThat(event.get("data").get("content").get("text").asText()).isEqualTo("See you at 3");
    assertThat(event.get("data").get("isFollowUp").asBoolean()).isFalse();
    // at its time on the clock that runs the timers (held until then, above), by the new process
    assertThat(temporal().now()).isAfterOrEqualTo(due);
    assertThat(Instant.parse(event.get("timestamp").asText())).isAfterOrEqualTo(restartedAt);

    Thread.sleep(2_000); // a duplicate send would show up here
    assertThat(messages(restarted, id)).isEqualTo(2);
    assertThat(messages(restarted, scheduled)).isEqualTo(1);
    HttpRequest unauthenticated = restarted.request("/v1/leads", null).GET().build();
    assertThat(restarted.send(unauthenticated).status()).isEqualTo(403);
  }
}

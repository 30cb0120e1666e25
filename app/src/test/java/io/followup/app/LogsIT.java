package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.store.support.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The logs as an operator reads them with {@code LOG_FORMAT=json} (logs-app.yml: the shipped
 * layouts writing to files): every line is one JSON object, and the id of the request that sent a
 * follow-up is on the activity's line that handed it over, as on the request's access-log line.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LogsIT {
  private static final String DB = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = tempDir();
  private static final Path APPLICATION_LOG = DIR.resolve("application.json");
  private static final Path ACCESS_LOG = DIR.resolve("access.json");

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("logs-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config(
              "logging.appenders[0].currentLogFilename", APPLICATION_LOG.toString()),
          ConfigOverride.config(
              "server.requestLog.appenders[0].currentLogFilename", ACCESS_LOG.toString()));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("logs-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every line of a log, each parsed as JSON (a line that is not JSON fails the test). */
  private static List<JsonNode> lines(Path log) {
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      return Files.readAllLines(log).stream()
          .filter(line -> !line.isBlank())
          .map(
              line -> {
                try {
                  JsonNode node = JSON.readTree(line);
                  assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
                  return node;
                } catch (JsonProcessingException e) {
                  throw new AssertionError("not a JSON line: " + line, e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode firstLine(Path log, Predicate<JsonNode> wanted) {
    return Poll.until(
            Duration.ofSeconds(60),
            () -> lines(log).stream().filter(wanted).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  @Test
  void theIdOfThePatchThatSentIsOnTheActivitysJsonLineAndOnItsAccessLine() {
    Http http = new Http(APP.getLocalPort());
    String createId = "create-" + UUID.randomUUID();
    Reply created =
        http.send(
            http.request("/v1/leads/create", Http.KEY)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", createId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.lead("+1 555 010 7001", "")))
                .build());
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.raw().headers().firstValue("X-Request-Id")).contains(createId);
    String lead = created.body().get("id").asText();

    // the lead's workflow runs (started by the create); the PATCH reaches it as an Update
    String patchId = "patch-" + UUID.randomUUID();
    Reply patched =
        http.send(
            http.request("/v1/leads/" + lead, Http.KEY)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", patchId)
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"followUpConfig\":{\"1\":{\"hours\":0,\"channel\":\"text\"}},"
                            + "\"followUpStep\":1}"))
                .build());
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.raw().headers().firstValue("X-Request-Id")).contains(patchId);

    // the text activity's hand-over, logged by the logging provider on a worker thread
    JsonNode sent =
        firstLine(
            APPLICATION_LOG,
            line ->
                line.path("logger").asText().endsWith("LoggingProvider")
                    && line.path("message").asText().contains(lead + ":1"));
    assertThat(sent.path("requestId").asText()).as("%s", sent).isEqualTo(patchId);
    assertThat(sent.path("level").asText()).isEqualTo("INFO");

    JsonNode access =
        firstLine(
            ACCESS_LOG,
            line ->
                line.path("method").asText().equals("PATCH")
                    && line.path("uri").asText().equals("/v1/leads/" + lead));
    assertThat(access.toString()).as("%s", access).contains(patchId);
    assertThat(access.path("status").asInt()).as("%s", access).isEqualTo(200);
  }

  @Test
  void theNumberOfADoNotContactPathNeverReachesTheAccessLog() {
    Http http = new Http(APP.getLocalPort());
    String requestId = "dnc-" + UUID.randomUUID();
    Reply read =
        http.send(
            http.request("/v1/dnc/%2B1%20555%20010%207002", Http.KEY)
                .header("X-Request-Id", requestId)
                .GET()
                .build());
    assertThat(read.status()).isEqualTo(404);

    JsonNode access = firstLine(ACCESS_LOG, line -> line.toString().contains(requestId));
    assertThat(access.path("uri").asText()).isEqualTo("/v1/dnc/{phone}");
    assertThat(access.toString()).doesNotContain("%2B1", "555%20010", "555 010", "+1555");
  }
}

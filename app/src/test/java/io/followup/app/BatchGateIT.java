package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch takes the embedded run's change pass per item, not for the whole request: the in-memory
 * service is replaced while a 150-item batch runs, between two of its items, and the batch's items
 * all succeed (those after the replacement on the new service). Before, the batch held one pass
 * from its first item to its last, so the replacement waited for the whole batch (or gave up after
 * its drain wait).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchGateIT {
  private static final Path DATA_DIR = tempDir();
  private static final int ITEMS = 150;

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("embedded.yml"),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config(
              "database.url",
              "jdbc:h2:file:"
                  + DATA_DIR.resolve("followup")
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=15000"),
          ConfigOverride.config("embedded.dataDir", DATA_DIR.toString()),
          ConfigOverride.config("temporal.embedded", "true"),
          ConfigOverride.config("auth.apiKeys", Http.KEY),
          ConfigOverride.config("api.rateLimitPerSecond", "0"),
          // the gate is on; the test replaces the service itself
          ConfigOverride.config("temporal.embeddedMaxRetained", "1GiB"),
          ConfigOverride.config("logging.level", "WARN"));

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("batch-gate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedTemporalRebuild rebuild() {
    return ((FollowUpApplication) APP.getApplication()).embeddedRebuild();
  }

  @Test
  void theServiceIsReplacedBetweenTwoItemsOfABatch() throws Exception {
    Http http = new Http(APP.getLocalPort());
    StringBuilder body = new StringBuilder("{\"leads\":[");
    for (int i = 0; i < ITEMS; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"firstName\":\"Ada\",\"lastName\":\"L\",\"phone\":\"+1212")
          .append(3000000 + i)
          .append("\",\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}}");
    }
    String batch = body.append("]}").toString();
    CompletableFuture<Reply> answered =
        CompletableFuture.supplyAsync(
            () ->
                http.send(
                    http.request("/v1/leads/batch", Http.KEY)
                        .timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch))
                        .build()));
    // the batch is under way once its first leads are stored
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (http.get("/v1/leads?limit=5").body().get("leads").size() < 5) {
      assertThat(System.nanoTime()).as("the batch's first items stored").isLessThan(until);
      assertThat(answered).as("the batch still running").isNotDone();
      Thread.sleep(20);
    }

    boolean replaced = rebuild().rebuild();
    boolean batchStillRunning = !answered.isDone();

    assertThat(replaced).as("replaced without waiting for the batch").isTrue();
    assertThat(batchStillRunning).as("replaced while the batch ran").isTrue();
    Reply reply = answered.get(5, TimeUnit.MINUTES);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    JsonNode results = reply.body().get("results");
    assertThat(results).hasSize(ITEMS);
    for (JsonNode result : results) {
      assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(200);
    }
    assertThat(rebuild().rebuilds()).isEqualTo(1);
  }
}

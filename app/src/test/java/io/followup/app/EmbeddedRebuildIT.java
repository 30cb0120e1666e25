package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded run's bound on the in-memory Temporal service: the bundled {@code embedded.yml} (H2
 * under a temporary DATA_DIR) with a tiny limit. Updates push the estimate past it, the service is
 * replaced and every lead's workflow re-created from the store; a step that was pending across the
 * replacement is sent once, at its time, and PATCH and GET go on working. The application runs on a
 * clock the test moves: the step falls due when the test lets its hour pass on the new service.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmbeddedRebuildIT {
  private static final Path DATA_DIR = tempDir();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
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
          ConfigOverride.config("followUp.sendingWindowStart", "00:00"),
          ConfigOverride.config("followUp.sendingWindowEnd", "24:00"),
          // a create or a PATCH is estimated at a few KiB: a few dozen pass this
          ConfigOverride.config("temporal.embeddedMaxRetained", "96KiB"),
          ConfigOverride.config("logging.level", "WARN"));

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("embedded-rebuild");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private static AppOnTestClock app() {
    return AppOnTestClock.of(APP);
  }

  private EmbeddedTemporalRebuild rebuild() {
    return ((FollowUpApplication) APP.getApplication()).embeddedRebuild();
  }

  private String create(String phone, String config) {
    Reply reply = http().post("/v1/leads/create", lead(phone, config));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private long messages(String id) {
    return http().get("/v1/leads/" + id + "/events?types=MESSAGE").body().get("events").size();
  }

  private FollowUpState workflowState(String id) {
    return ((FollowUpApplication) APP.getApplication())
        .temporal()
        .client()
        .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(id))
        .state();
  }

  @Test
  void pastTheLimitTheServiceIsRebuiltAndAPendingStepIsSentOnceAfterwards() {
    assertThat(rebuild()).isNotNull();
    assertThat(rebuild().rebuilds()).isZero();

    // step 1 due in an hour: pending while the service is replaced
    String pending =
        create(
            "+1 212 555 0101",
            "\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\"},"
                + "\"2\":{\"hours\":48,\"channel\":\"email\"}}");
    Instant due =
        Instant.parse(http().get("/v1/leads/" + pending).body().get("nextFollowUpAt").asText());
    String busy =
        create("+1 212 555 0102", "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");

    // updates that reach the workflow until the estimate passes the limit
    for (int i = 0; i < 200 && rebuild().rebuilds() == 0; i++) {
      Reply patched =
          http()
              .patch(
                  "/v1/leads/" + busy, "{\"followUpStep\":1,\"additionalInfo\":{\"n\":" + i + "}}");
      assertThat(patched.status()).as(patched.body().toString()).isIn(200, 503);
    }
    Poll.until(Duration.ofSeconds(20), () -> rebuild().rebuilds(), n -> n >= 1);
    assertThat(messages(pending)).as("replaced before the step was due").isZero();
    assertThat(app().now()).isBefore(due);

    // the fresh service holds both workflows again, as stored
    assertThat(workflowState(pending).followUpStep()).isEqualTo(1);
    assertThat(workflowState(pending).nextFollowUpAt()).isEqualTo(due);
    assertThat(workflowState(busy).followUpStep()).isEqualTo(1);

    // PATCH and GET work on the new service
    Reply patched =
        http()
            .patch(
                "/v1/leads/" + busy,
                "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":12,\"channel\":\"text\"}},"
                    + "\"additionalInfo\":{\"after\":\"rebuild\"}}");
    assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
    JsonNode busyLead = http().get("/v1/leads/" + busy).body();
    assertThat(busyLead.get("additionalInfo").get("after").asText()).isEqualTo("rebuild");
    assertThat(busyLead.get("followUpConfig").get("1").get("hours").asDouble()).isEqualTo(12.0);
    assertThat(workflowState(busy).followUpConfig().steps().get(1).hours()).isEqualTo(12.0);

    // the pending step runs once, at its time, and the schedule moves on to step 2
    app().advance(Duration.between(app().now(), due));
    Poll.until(Duration.ofSeconds(30), () -> messages(pending), n -> n >= 1);
    JsonNode lead =
        Poll.until(
            Duration.ofSeconds(10),
            () -> http().get("/v1/leads/" + pending).body(),
            l -> l.get("followUpStep").asInt() == 2);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(app().now()).isAfterOrEqualTo(due);
    assertThat(
            Instant.parse(
                http()
                    .get("/v1/leads/" + pending + "/events?types=MESSAGE")
                    .body()
                    .at("/events/0/timestamp")
                    .asText()))
        .as("sent at its time")
        .isAfterOrEqualTo(due);
    try {
      Thread.sleep(2_000); // a second send would show up here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(messages(pending)).isEqualTo(1);
  }
}

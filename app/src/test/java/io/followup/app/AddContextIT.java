package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.store.support.TestDatabases;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apten's "Add context" page through HTTP: {@code context}, {@code additionalInfo} and Apten's
 * {@code command}, which is kept on the {@code CONTEXT_ADDED} event and executes nothing (the
 * schedule stays as it was).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AddContextIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(6000);
  private static final String LATER =
      "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1";

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create() {
    Reply reply =
        http().post("/v1/leads/create", lead("+1555025" + PHONES.incrementAndGet(), LATER));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private Reply add(String lead, String body) {
    return http().post("/v1/leads/" + lead + "/addContext", body);
  }

  private JsonNode contextEvents(String lead) {
    return http().get("/v1/leads/" + lead + "/events?types=CONTEXT_ADDED").body().get("events");
  }

  @Test
  void aCommandIsKeptOnTheEventAndExecutesNothing() {
    String lead = create();
    JsonNode before = http().get("/v1/leads/" + lead).body();

    Reply reply =
        add(
            lead,
            "{\"context\":\"Prefers mornings\",\"command\":\"Schedule a follow up for next week.\"}");

    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    assertThat(reply.message()).isEqualTo("Success");
    JsonNode events = contextEvents(lead);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).at("/data/context").asText()).isEqualTo("Prefers mornings");
    assertThat(events.get(0).at("/data/command").asText())
        .isEqualTo("Schedule a follow up for next week.");
    JsonNode after = http().get("/v1/leads/" + lead).body();
    assertThat(after.get("context").asText()).isEqualTo("Prefers mornings");
    // nothing executed: the schedule is the one before
    assertThat(after.get("followUpStep")).isEqualTo(before.get("followUpStep"));
    assertThat(after.get("followUpStatus")).isEqualTo(before.get("followUpStatus"));
    assertThat(after.get("nextFollowUpAt")).isEqualTo(before.get("nextFollowUpAt"));
  }

  @Test
  void aCommandAloneIsEnoughAndLeavesTheLeadsContext() {
    String lead = create();
    assertThat(add(lead, "{\"context\":\"first\"}").status()).isEqualTo(200);

    assertThat(add(lead, "{\"command\":\"Mark as hot\"}").status()).isEqualTo(200);

    JsonNode events = contextEvents(lead);
    assertThat(events).hasSize(2);
    assertThat(events.get(1).get("data").has("context")).isFalse();
    assertThat(events.get(1).at("/data/command").asText()).isEqualTo("Mark as hot");
    assertThat(http().get("/v1/leads/" + lead).body().get("context").asText()).isEqualTo("first");
  }

  @Test
  void badInputIs400NamingTheFieldAndTheOtherStatusesAsEverywhere() {
    String lead = create();
    Reply number = add(lead, "{\"command\":5}");
    assertThat(number.status()).isEqualTo(400);
    assertThat(number.message()).contains("command");
    Reply blank = add(lead, "{\"command\":\"  \"}");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.message()).contains("command");
    Reply unknown = add(lead, "{\"commands\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("commands");
    Reply empty = add(lead, "{}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(contextEvents(lead)).isEmpty();

    assertThat(add(UUID.randomUUID().toString(), "{\"command\":\"x\"}").status()).isEqualTo(404);
    assertThat(
            new Http(APP.getLocalPort(), null)
                .post("/v1/leads/" + lead + "/addContext", "{\"command\":\"x\"}")
                .status())
        .isEqualTo(403);
  }
}

package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apten's "Create lead", "Get lead" and "Update lead" pages for Apten's lead fields: {@code
 * externalLeadId}, {@code isHot}, {@code isQualified}, {@code isAiOn}, {@code tags}, {@code
 * summary}, {@code lastActivityAt}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UpdateLeadIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(4000);

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String extra) {
    Reply reply =
        http().post("/v1/leads/create", lead("+1 (555) 030-" + PHONES.incrementAndGet(), extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private JsonNode get(String id) {
    Reply reply = http().get("/v1/leads/" + id);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  private Reply patch(String id, String body) {
    return http().patch("/v1/leads/" + id, body);
  }

  @Test
  void aNewLeadHasAptensFieldsAtTheirDefaults() {
    String id = create(null);
    JsonNode lead = get(id);
    assertThat(lead.get("externalLeadId").isNull()).isTrue();
    assertThat(lead.get("isHot").asBoolean()).isFalse();
    assertThat(lead.get("isQualified").asBoolean()).isFalse();
    assertThat(lead.get("isAiOn").asBoolean()).isTrue();
    assertThat(lead.get("tags")).isEmpty();
    assertThat(lead.get("summary").isNull()).isTrue();
    assertThat(lead.get("lastActivityAt").isNull()).isTrue();
    assertThat(lead.get("deleted").asBoolean()).isFalse();
    assertThat(lead.get("deletedAt").isNull()).isTrue();
  }

  @Test
  void externalLeadIdIsTakenOnCreateChangedAndClearedByPatch() {
    String id = create("\"externalLeadId\":\"crm-42\"");
    assertThat(get(id).get("externalLeadId").asText()).isEqualTo("crm-42");

    assertThat(patch(id, "{\"externalLeadId\":\"crm-43\"}").status()).isEqualTo(200);
    assertThat(get(id).get("externalLeadId").asText()).isEqualTo("crm-43");
    // a PATCH without it keeps it
    assertThat(patch(id, "{\"isHot\":true}").status()).isEqualTo(200);
    assertThat(get(id).get("externalLeadId").asText()).isEqualTo("crm-43");
    assertThat(patch(id, "{\"externalLeadId\":null}").status()).isEqualTo(200);
    assertThat(get(id).get("externalLeadId").isNull()).isTrue();
  }

  @Test
  void externalLeadIdIsAStringOfAtMost255Characters() {
    String id = create(null);
    String longest = "\uD835\uDD4F".repeat(255);
    assertThat(patch(id, "{\"externalLeadId\":\"" + longest + "\"}").status()).isEqualTo(200);
    assertThat(get(id).get("externalLeadId").asText()).isEqualTo(longest);

    Reply tooLong = patch(id, "{\"externalLeadId\":\"" + "x".repeat(256) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).isEqualTo("externalLeadId: must be at most 255 characters");
    assertThat(patch(id, "{\"externalLeadId\":42}").message())
        .isEqualTo("externalLeadId: must be a string");
    Reply onCreate =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    "+1 (555) 030-" + PHONES.incrementAndGet(),
                    "\"externalLeadId\":\"" + "x".repeat(256) + "\""));
    assertThat(onCreate.status()).isEqualTo(400);
    assertThat(get(id).get("externalLeadId").asText()).isEqualTo(longest);
  }

  @Test
  void isHotIsQualifiedAndSummaryAreSetByPatch() {
    String id = create(null);
    Reply reply = patch(id, "{\"isHot\":true,\"isQualified\":true,\"summary\":\"Wants a demo\"}");
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    JsonNode lead = get(id);
    assertThat(lead.get("isHot").asBoolean()).isTrue();
    assertThat(lead.get("isQualified").asBoolean()).isTrue();
    assertThat(lead.get("summary").asText()).isEqualTo("Wants a demo");
    assertThat(lead.get("lastActivityAt").asText()).isEqualTo(lead.get("updatedAt").asText());

    assertThat(patch(id, "{\"isHot\":false,\"summary\":null}").status()).isEqualTo(200);
    lead = get(id);
    assertThat(lead.get("isHot").asBoolean()).isFalse();
    assertThat(lead.get("isQualified").asBoolean()).isTrue();
    assertThat(lead.get("summary").isNull()).isTrue();

    assertThat(patch(id, "{\"isHot\":\"yes\"}").message())
        .isEqualTo("isHot: must be true or false");
    assertThat(patch(id, "{\"summary\":7}").message()).isEqualTo("summary: must be a string");
    assertThat(patch(id, "{\"isAiOn\":false}").message()).isEqualTo("isAiOn: unknown field");
  }

  @Test
  void isAiOnFollowsTheFollowUpStatusAndHasRepliedIsATag() {
    String id =
        create("\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1");
    assertThat(get(id).get("isAiOn").asBoolean()).isTrue();
    assertThat(patch(id, "{\"followUpStep\":-1}").status()).isEqualTo(200);
    assertThat(get(id).get("followUpStatus").asText()).isEqualTo("STOPPED");
    assertThat(get(id).get("isAiOn").asBoolean()).isFalse();

    Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "")
        .useHandle(h -> h.execute("UPDATE leads SET has_replied = TRUE WHERE id = ?", id));
    JsonNode tags = get(id).get("tags");
    assertThat(tags).hasSize(1);
    assertThat(tags.get(0).get("id").asText()).isEqualTo("hasReplied");
    assertThat(tags.get(0).get("name").asText()).isEqualTo("hasReplied");
    assertThat(tags.get(0).get("condition").asText()).isNotBlank();
  }
}

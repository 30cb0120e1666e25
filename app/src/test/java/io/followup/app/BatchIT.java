package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.store.support.TestDatabases;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /v1/leads/batch} through HTTP: a result per item, in order, as single requests. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchIT {
  private static final String DB = TestDatabases.create();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          // the production default (test-app.yml keeps 8 KiB for the limit's own tests)
          ConfigOverride.config("api.maxBodyBytes", "1048576"));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Reply batch(String body) {
    Http http = new Http(APP.getLocalPort());
    return http.send(
        http.request("/v1/leads/batch", Http.KEY)
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static List<JsonNode> results(Reply reply) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    List<JsonNode> results = new ArrayList<>();
    reply.body().get("results").forEach(results::add);
    return results;
  }

  private static long leads() {
    return Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "")
        .withHandle(h -> h.select("SELECT COUNT(*) FROM leads").mapTo(Long.class).one());
  }

  /** 500 creates, each with its own key; items 7, 123 and 499 are invalid. */
  private static String fiveHundred(String keyPrefix) {
    StringBuilder body = new StringBuilder("{\"leads\":[");
    for (int i = 0; i < 500; i++) {
      if (i > 0) {
        body.append(',');
      }
      String phone = String.format("+1555031%04d", i);
      String extra =
          switch (i) {
            case 7 -> ",\"phone\":\"not a phone\"";
            case 123 -> ",\"email\":\"nope\"";
            case 499 -> ",\"nickname\":\"Ada\"";
            default -> "";
          };
      body.append("{\"idempotencyKey\":\"")
          .append(keyPrefix)
          .append(i)
          .append("\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"")
          .append(i == 7 ? "" : ",\"phone\":\"" + phone + "\"")
          .append(extra)
          .append(
              ",\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":48,\"channel\":\"text\"}}}");
    }
    return body.append("]}").toString();
  }

  @Test
  void fiveHundredItemsWithThreeInvalidCreate497AndNameEachBadField() {
    long before = leads();

    List<JsonNode> results = results(batch(fiveHundred("import-1-")));

    assertThat(results).hasSize(500);
    for (int i = 0; i < 500; i++) {
      assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
    }
    assertThat(results.stream().filter(r -> r.get("status").asInt() == 200)).hasSize(497);
    assertThat(results.get(7).get("status").asInt()).isEqualTo(400);
    assertThat(results.get(7).get("message").asText()).startsWith("phone:");
    assertThat(results.get(123).get("status").asInt()).isEqualTo(400);
    assertThat(results.get(123).get("message").asText()).startsWith("email:");
    assertThat(results.get(499).get("status").asInt()).isEqualTo(400);
    assertThat(results.get(499).get("message").asText()).isEqualTo("nickname: unknown field");
    assertThat(results.get(0).has("message")).isFalse();
    Set<String> ids = new HashSet<>();
    results.stream()
        .filter(r -> r.get("status").asInt() == 200)
        .forEach(r -> ids.add(r.get("id").asText()));
    assertThat(ids).hasSize(497);
    assertThat(leads()).isEqualTo(before + 497);
    // a created item is the lead a single create makes: scheduled from its config
    JsonNode lead =
        new Http(APP.getLocalPort()).get("/v1/leads/" + results.get(0).get("id").asText()).body();
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");

    // the same batch again: every key answers its first lead, nothing is created twice
    List<JsonNode> again = results(batch(fiveHundred("import-1-")));
    for (int i = 0; i < 500; i++) {
      assertThat(again.get(i).get("status").asInt())
          .as("item " + i)
          .isEqualTo(results.get(i).get("status").asInt());
      if (results.get(i).has("id")) {
        assertThat(again.get(i).get("id").asText()).isEqualTo(results.get(i).get("id").asText());
      }
    }
    assertThat(leads()).isEqualTo(before + 497);
  }

  @Test
  void updatesAnswerAsTheirPatchAndAFailedItemBlocksNoOther() {
    List<JsonNode> created =
        results(
            batch(
                "{\"leads\":[{\"firstName\":\"A\",\"lastName\":\"B\",\"phone\":\"+15550329001\"},"
                    + "{\"firstName\":\"C\",\"lastName\":\"D\",\"phone\":\"+15550329001\"},"
                    + "{\"idempotencyKey\":\"k-1\",\"firstName\":\"E\",\"lastName\":\"F\","
                    + "\"phone\":\"+15550329002\"}]}"));
    assertThat(created).extracting(r -> r.get("status").asInt()).containsExactly(200, 409, 200);
    assertThat(created.get(1).get("message").asText()).startsWith("phone:");
    String id = created.get(0).get("id").asText();

    List<JsonNode> results =
        results(
            batch(
                "{\"leads\":["
                    + "{\"id\":\""
                    + id
                    + "\",\"idempotencyKey\":\"p-1\",\"followUpStep\":1,\"followUpConfig\":"
                    + "{\"1\":{\"hours\":24,\"channel\":\"call\"}}},"
                    + "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"isHot\":true},"
                    + "{\"id\":\""
                    + id
                    + "\",\"followUpStep\":9},"
                    + "{\"id\":\""
                    + id
                    + "\",\"idempotencyKey\":\"p-1\",\"isHot\":true},"
                    + "{\"idempotencyKey\":\"k-1\",\"firstName\":\"X\",\"lastName\":\"Y\","
                    + "\"phone\":\"+15550329003\"},"
                    + "\"not an object\","
                    + "{\"id\":\""
                    + id
                    + "\",\"isQualified\":true}]}"));

    assertThat(results)
        .extracting(r -> r.get("index").asInt() + ":" + r.get("status").asInt())
        .containsExactly("0:200", "1:404", "2:400", "3:400", "4:400", "5:400", "6:200");
    assertThat(results.get(0).get("id").asText()).isEqualTo(id);
    assertThat(results.get(2).get("message").asText()).startsWith("followUpStep:");
    // a key reused with another body, for an update and for a create
    assertThat(results.get(3).get("message").asText())
        .isEqualTo("idempotencyKey: was already used with a different body");
    assertThat(results.get(4).get("message").asText())
        .isEqualTo("idempotencyKey: was already used with a different body");
    assertThat(results.get(5).get("message").asText()).isEqualTo("leads[5]: must be an object");
    JsonNode lead = new Http(APP.getLocalPort()).get("/v1/leads/" + id).body();
    assertThat(lead.get("isQualified").asBoolean()).isTrue();
    assertThat(lead.get("followUpConfig").get("1").get("channel").asText()).isEqualTo("call");
  }

  @Test
  void aBatchThatIsNotOneIs400NamingTheField() {
    assertThat(batch("[]").message()).startsWith("body:");
    assertThat(batch("{}").message()).isEqualTo("leads: must be an array of 1 to 500 leads");
    assertThat(batch("{\"leads\":[]}").status()).isEqualTo(400);
    assertThat(batch("{\"leads\":[{}],\"dryRun\":true}").message())
        .isEqualTo("dryRun: unknown field");
    StringBuilder tooMany = new StringBuilder("{\"leads\":[{}");
    tooMany.append(",{}".repeat(500));
    Reply reply = batch(tooMany.append("]}").toString());
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message()).isEqualTo("leads: must be an array of 1 to 500 leads");
  }
}

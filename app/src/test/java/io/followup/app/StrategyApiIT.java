package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TestApps;
import io.followup.store.strategies.StrategyStats;
import io.followup.store.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strategy catalogue through HTTP (real PostgreSQL, the in-memory Temporal service, every
 * worker role), and a follow-up step that picks from it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrategyApiIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(2000);

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String createStrategy(String json) {
    Reply reply = http().post("/v1/strategies", json);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    assertThat(reply.message()).isEqualTo("Strategy created successfully.");
    return reply.body().get("id").asText();
  }

  private String text(String id, String template) {
    return createStrategy(
        "{\"id\":\""
            + id
            + "\",\"name\":\"N "
            + id
            + "\",\"channel\":\"text\",\"template\":\""
            + template
            + "\"}");
  }

  private JsonNode get(String id) {
    Reply reply = http().get("/v1/strategies/" + id);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body();
  }

  private static String phone() {
    return "+1 (555) 020-" + PHONES.incrementAndGet();
  }

  @Test
  void createGetListUpdateAndDeactivate() {
    String id = unique("promo");
    text(id, "Hi {{firstName}}, spring prices end Friday");
    String generated =
        createStrategy(
            "{\"name\":\"Mail\",\"channel\":\"email\",\"subject\":\"For {{firstName}}\","
                + "\"template\":\"Dear {{firstName}}\",\"active\":true}");
    assertThat(UUID.fromString(generated)).isNotNull();

    JsonNode strategy = get(id);
    assertThat(strategy.get("name").asText()).isEqualTo("N " + id);
    assertThat(strategy.get("channel").asText()).isEqualTo("text");
    assertThat(strategy.get("template").asText())
        .isEqualTo("Hi {{firstName}}, spring prices end Friday");
    assertThat(strategy.get("active").asBoolean()).isTrue();
    assertThat(strategy.has("subject")).isFalse();
    assertThat(strategy.get("results").get("sends").asLong()).isZero();
    assertThat(strategy.get("results").get("replyRate").asDouble()).isZero();
    Instant.parse(strategy.get("createdAt").asText());
    assertThat(get(generated).get("subject").asText()).isEqualTo("For {{firstName}}");

    assertThat(http().get("/v1/strategies").body().get("strategies").findValuesAsText("id"))
        .contains(id, generated);

    Reply renamed =
        http()
            .patch(
                "/v1/strategies/" + id,
                "{\"name\":\"Spring\",\"template\":\"Hello {{firstName}}\"}");
    assertThat(renamed.status()).as(renamed.body().toString()).isEqualTo(200);
    assertThat(renamed.message()).isEqualTo("Strategy updated successfully.");
    assertThat(get(id).get("name").asText()).isEqualTo("Spring");
    assertThat(get(id).get("template").asText()).isEqualTo("Hello {{firstName}}");
    assertThat(http().patch("/v1/strategies/" + id, "{}").status()).isEqualTo(200);

    assertThat(http().patch("/v1/strategies/" + id, "{\"active\":false}").status()).isEqualTo(200);
    JsonNode deactivated = get(id);
    assertThat(deactivated.get("active").asBoolean()).isFalse();
    assertThat(deactivated.get("name").asText()).as("the rest is kept").isEqualTo("Spring");
    assertThat(http().get("/v1/strategies").body().get("strategies").findValuesAsText("id"))
        .as("still listed")
        .contains(id);
  }

  @Test
  void aDuplicateIdIs409AndAnUnknownOneIs404() {
    String id = unique("dup");
    text(id, "x");
    Reply duplicate =
        http()
            .post(
                "/v1/strategies",
                "{\"id\":\"" + id + "\",\"name\":\"n\",\"channel\":\"call\",\"template\":\"y\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.message()).isEqualTo("id: a strategy with id " + id + " exists");

    assertThat(http().get("/v1/strategies/nope-" + id).status()).isEqualTo(404);
    assertThat(http().get("/v1/strategies/nope-" + id).message())
        .isEqualTo("strategy nope-" + id + " not found");
    assertThat(http().patch("/v1/strategies/nope-" + id, "{\"active\":false}").status())
        .isEqualTo(404);
    assertThat(http().get("/v1/strategies/%20bad%20").status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown field     | {"name":"n","channel":"text","template":"t","tempalte":"x"}    | tempalte: unknown field
      bad template      | {"name":"n","channel":"text","template":"Hi {{#firstName}}"}  | template: is not a valid Mustache template
      unclosed tag      | {"name":"n","channel":"text","template":"Hi {{firstName"}      | template: is not a valid Mustache template
      bad subject       | {"name":"n","channel":"email","template":"t","subject":"{{/x}}"} | subject: is not a valid Mustache template
      nested sections   | {"name":"n","channel":"text","template":"{{#a}}{{#b}}{{#c}}x{{/c}}{{/b}}{{/a}}"} | template: nests sections 3 deep, over the section depth limit of 2
      nested subject    | {"name":"n","channel":"email","template":"t","subject":"{{#a}}{{^b}}{{#c}}x{{/c}}{{/b}}{{/a}}"} | subject: nests sections 3 deep, over the section depth limit of 2
      unknown channel   | {"name":"n","channel":"fax","template":"t"}                    | channel: must be one of text, call, email
      missing channel   | {"name":"n","template":"t"}                                    | channel: is required
      missing name      | {"channel":"text","template":"t"}                              | name: is required
      blank template    | {"name":"n","channel":"text","template":" "}                   | template: is required
      email no subject  | {"name":"n","channel":"email","template":"t"}                  | subject: is required for an email strategy
      subject on text   | {"name":"n","channel":"text","template":"t","subject":"s"}     | subject: is only valid for an email strategy
      bad id            | {"id":"a b","name":"n","channel":"text","template":"t"}        | id: must be 1 to 64 letters
      auto is reserved  | {"id":"auto","name":"n","channel":"text","template":"t"}       | id: "auto" is reserved
      AUTO is reserved  | {"id":"AUTO","name":"n","channel":"text","template":"t"}       | id: "auto" is reserved, in any case
      Auto is reserved  | {"id":"Auto","name":"n","channel":"text","template":"t"}       | id: "auto" is reserved, in any case
      active not bool   | {"name":"n","channel":"text","template":"t","active":"yes"}    | active: must be true or false
      not an object     | [1]                                                            | body: must be a JSON object
      """)
  void createRejectsBadInputNamingTheField(String rule, String body, String message) {
    Reply reply = http().post("/v1/strategies", body);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
    assertThat(reply.message()).startsWith(message);
    assertThat(reply.raw().body()).doesNotContain("Exception").doesNotContain("io.followup");
  }

  @Test
  void updateRejectsBadInputAndChangesNothing() {
    String id = unique("upd");
    text(id, "Hi");
    assertThat(http().patch("/v1/strategies/" + id, "{\"actve\":false}").message())
        .isEqualTo("actve: unknown field");
    assertThat(http().patch("/v1/strategies/" + id, "{\"template\":\"{{#open}}\"}").message())
        .startsWith("template: is not a valid Mustache template");
    assertThat(http().patch("/v1/strategies/" + id, "{\"channel\":\"call\"}").message())
        .isEqualTo("channel: cannot be changed");
    assertThat(http().patch("/v1/strategies/" + id, "{\"subject\":\"s\"}").message())
        .isEqualTo("subject: is only valid for an email strategy");
    assertThat(http().get("/v1/strategies?sort=name").status()).isEqualTo(400);
    JsonNode stored = get(id);
    assertThat(stored.get("template").asText()).isEqualTo("Hi");
    assertThat(stored.get("active").asBoolean()).isTrue();
  }

  @Test
  void aFollowUpConfigMustNameStoredStrategiesOfItsStepsChannel() {
    String textId = unique("t");
    text(textId, "Hi");
    String callId =
        createStrategy(
            "{\"id\":\""
                + unique("c")
                + "\",\"name\":\"c\",\"channel\":\"call\",\"template\":\"Hello\"}");
    Reply created = http().post("/v1/leads/create", lead(phone(), ""));
    String lead = created.body().get("id").asText();

    Reply unknown =
        http()
            .patch(
                "/v1/leads/" + lead,
                "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":5,\"channel\":\"text\",\"strategyIds\":[\""
                    + textId
                    + "\",\"nope\"]}}}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message())
        .isEqualTo("followUpConfig.1.strategyIds: unknown strategy id 'nope'");

    Reply otherChannel =
        http()
            .patch(
                "/v1/leads/" + lead,
                "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":5,\"channel\":\"text\",\"strategyIds\":\""
                    + callId
                    + "\"}}}");
    assertThat(otherChannel.status()).isEqualTo(400);
    assertThat(otherChannel.message())
        .isEqualTo(
            "followUpConfig.1.strategyIds: strategy '"
                + callId
                + "' is a call strategy; this step's channel is text");

    Reply onCreate =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    phone(),
                    "\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"call\",\"strategyIds\":[\"nope\"]}}"));
    assertThat(onCreate.status()).isEqualTo(400);
    assertThat(onCreate.message())
        .isEqualTo("followUpConfig.1.strategyIds: unknown strategy id 'nope'");

    Reply ok =
        http()
            .patch(
                "/v1/leads/" + lead,
                "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":5,\"channel\":\"text\",\"strategyIds\":[\""
                    + textId
                    + "\"]},\"2\":{\"hours\":5,\"channel\":\"call\",\"strategyIds\":\"auto\"}}}");
    assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
  }

  @Test
  void aStepWithStrategiesSendsThePickedTemplateAndItsResultsCountSendsAndCreditedReplies() {
    String only = unique("only");
    text(only, "Hey {{firstName}}, strategy " + only + " here");
    String idle = unique("idle");
    text(idle, "never sent");
    String lead =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    phone(),
                    "\"useStrategiesForFollowUps\":true,\"followUpConfig\":{\"1\":{\"hours\":0.0005,"
                        + "\"channel\":\"text\",\"strategyIds\":[\""
                        + only
                        + "\"]},"
                        + "\"2\":{\"hours\":100,\"channel\":\"text\"}}"))
            .body()
            .get("id")
            .asText();
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800)); // 0.0005 h: step 1 falls due

    JsonNode events =
        Poll.until(
            Duration.ofSeconds(20),
            () -> http().get("/v1/leads/" + lead + "/events?types=MESSAGE").body().get("events"),
            e -> e.size() >= 1);
    JsonNode sent = events.get(0);
    assertThat(sent.get("data").get("strategyId").asText()).isEqualTo(only);
    assertThat(sent.get("data").get("content").get("text").asText())
        .isEqualTo("Hey Ada, strategy " + only + " here");

    // the inbound path credits the reply to the send's strategy (StrategyStats.creditReply)
    Jdbi jdbi = Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
    jdbi.installPlugin(new SqlObjectPlugin());
    jdbi.useTransaction(
        h -> StrategyStats.creditReply(h, sent.get("id").asText(), only, Instant.now()));

    JsonNode results = get(only).get("results");
    assertThat(results.get("sends").asLong()).isEqualTo(1);
    assertThat(results.get("replies").asLong()).isEqualTo(1);
    assertThat(results.get("replyRate").asDouble()).isEqualTo(1.0);
    assertThat(results.get("steps").get("1").get("sends").asLong()).isEqualTo(1);
    assertThat(results.get("steps").get("1").get("replies").asLong()).isEqualTo(1);

    List<String> byRate =
        http().get("/v1/strategies?sort=replyRate").body().get("strategies").findValuesAsText("id");
    assertThat(byRate.indexOf(only)).isLessThan(byRate.indexOf(idle));
  }
}

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
import io.followup.app.support.Poll;
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apten's "DNC register" page through HTTP ({@code POST /v1/dnc/register}), our {@code GET} and
 * {@code DELETE /v1/dnc/{phone}}, and what the list does: a text or call to a listed number is
 * never sent (BLOCKED, {@code COMPLIANCE_BLOCKED} with reason DNC), an email still is, and an
 * inbound STOP lists the number (START takes it off again).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DncRegisterIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "dnc-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final AtomicInteger PHONES = new AtomicInteger(1000);
  private static final String ADDED = "Phone number successfully added to DNC list";

  /** A text and a call due within about a second each. */
  private static final String TEXT_THEN_CALL =
      "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":0.0003,\"channel\":\"call\"}},\"followUpStep\":1}";

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC + "/"));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  /** A number no other test uses, as E.164 and as a person might write it. */
  private record Number(String e164, String written) {}

  private static Number number() {
    int n = PHONES.incrementAndGet();
    return new Number("+1555023" + n, "+1 (555) 023-" + n);
  }

  private static String path(String phone) {
    return "/v1/dnc/" + URLEncoder.encode(phone, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Reply register(String phone) {
    return http().post("/v1/dnc/register", "{\"phone\":\"" + phone + "\"}");
  }

  private String createLead(String phone, String extra) {
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private List<JsonNode> events(String leadId, String types) {
    Reply reply = http().get("/v1/leads/" + leadId + "/events?types=" + types);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  private List<JsonNode> awaitEvents(String leadId, String types, int count) {
    return Poll.until(Duration.ofSeconds(30), () -> events(leadId, types), l -> l.size() >= count);
  }

  @Test
  void registerAnswersAptensMessageIsIdempotentAndMatchesHoweverTheNumberIsWritten() {
    Number number = number();

    Reply first = register(number.written());
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.message()).isEqualTo(ADDED);
    Reply again = register(number.e164());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.message()).isEqualTo(ADDED);

    for (String written : List.of(number.e164(), number.written())) {
      Reply read = http().get(path(written));
      assertThat(read.status()).as(written + ": " + read.body()).isEqualTo(200);
      assertThat(read.body().get("phone").asText()).isEqualTo(number.e164());
      assertThat(read.body().get("source").asText()).isEqualTo("API");
      Instant.parse(read.body().get("createdAt").asText());
    }
  }

  @Test
  void aNumberNotListedIs404AndDeleteIsIdempotent() {
    Number number = number();
    Reply missing = http().get(path(number.e164()));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("phone number not on the DNC list");

    register(number.e164());
    Reply removed = http().send(http().request(path(number.written()), Http.KEY).DELETE().build());
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.message()).isEqualTo("Phone number removed from DNC list");
    assertThat(http().get(path(number.e164())).status()).isEqualTo(404);

    Reply again = http().send(http().request(path(number.e164()), Http.KEY).DELETE().build());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.message()).isEqualTo("Phone number was not on the DNC list");
  }

  @Test
  void aBadPhoneIs400NamingTheFieldAndTheOtherErrorsHaveTheirUsualShape() {
    Reply letters = register("call me");
    assertThat(letters.status()).isEqualTo(400);
    assertThat(letters.message()).startsWith("phone: must start with +");
    assertThat(register("+1 555").message()).isEqualTo("phone: is not a possible phone number");
    Reply missing = http().post("/v1/dnc/register", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).isEqualTo("phone: is required");
    Reply number = http().post("/v1/dnc/register", "{\"phone\":15555550100}");
    assertThat(number.message()).isEqualTo("phone: must be a string");
    Reply unknown =
        http().post("/v1/dnc/register", "{\"phone\":\"+15555550100\",\"reason\":\"asked\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("reason: unknown field");
    assertThat(http().get("/v1/dnc/abc").message()).startsWith("phone: must start with +");
    assertThat(http().get("/v1/dnc/abc").status()).isEqualTo(400);

    Reply noKey =
        new Http(APP.getLocalPort(), null)
            .post("/v1/dnc/register", "{\"phone\":\"" + number().e164() + "\"}");
    assertThat(noKey.status()).isEqualTo(403);
    assertThat(noKey.body().has("message")).isTrue();
    Reply notJson =
        http()
            .send(
                http()
                    .request("/v1/dnc/register", Http.KEY)
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("+15555550100"))
                    .build());
    assertThat(notJson.status()).isEqualTo(415);
    assertThat(new Http(APP.getLocalPort(), null).get(path(number().e164())).status())
        .isEqualTo(403);
  }

  @Test
  void aTextAndACallToAListedNumberAreBlockedWithReasonDncAndAnEmailStillGoes() {
    Number number = number();
    assertThat(register(number.written()).status()).isEqualTo(200);
    String id =
        createLead(number.e164(), "\"email\":\"ada-" + UUID.randomUUID() + "@example.com\"");

    assertThat(http().patch("/v1/leads/" + id, TEXT_THEN_CALL).status()).isEqualTo(200);
    List<JsonNode> blocked = awaitEvents(id, "COMPLIANCE_BLOCKED", 2);

    assertThat(blocked)
        .extracting(e -> e.get("data").get("channel").asText())
        .containsExactly("text", "call");
    assertThat(blocked).allSatisfy(e -> assertThat(e.at("/data/reason").asText()).isEqualTo("DNC"));
    assertThat(blocked)
        .allSatisfy(e -> assertThat(e.at("/data/status").asText()).isEqualTo("BLOCKED"));
    assertThat(events(id, "MESSAGE,CALL")).as("nothing sent").isEmpty();

    // email is not a phone's business
    assertThat(
            http()
                .patch(
                    "/v1/leads/" + id,
                    "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"email\"}},"
                        + "\"followUpStep\":1}")
                .status())
        .isEqualTo(200);
    JsonNode email = awaitEvents(id, "EMAIL", 1).get(0);
    assertThat(email.at("/data/status").asText()).isEqualTo("SENT");
  }

  @Test
  void aNumberListedAfterItsLeadWasCreatedIsBlockedFromThenOn() {
    Number number = number();
    String id = createLead(number.written(), null);
    assertThat(register(number.written()).status()).isEqualTo(200);

    assertThat(
            http()
                .patch(
                    "/v1/leads/" + id,
                    "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1}")
                .status())
        .isEqualTo(200);

    assertThat(awaitEvents(id, "COMPLIANCE_BLOCKED", 1).get(0).at("/data/reason").asText())
        .isEqualTo("DNC");
    assertThat(http().get("/v1/leads/" + id).body().get("isUnsubscribed").asBoolean())
        .as("the lead's own flag is not the list")
        .isFalse();
  }

  @Test
  void anInboundStopListsTheNumberAndStartTakesItOffAgain() {
    Number number = number();
    TwilioCallbacks twilio = new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC);

    // a number no lead has yet
    assertThat(twilio.post("/v1/webhooks/twilio/sms", text(number.e164(), "STOP")).status())
        .isEqualTo(200);
    JsonNode listed = http().get(path(number.e164())).body();
    assertThat(listed.get("source").asText()).isEqualTo("KEYWORD");

    assertThat(twilio.post("/v1/webhooks/twilio/sms", text(number.e164(), "START")).status())
        .isEqualTo(200);
    assertThat(http().get(path(number.e164())).status()).isEqualTo(404);

    // a lead's number, and one the organisation registered: START does not undo a registration
    Number registered = number();
    createLead(registered.e164(), null);
    twilio.post("/v1/webhooks/twilio/sms", text(registered.e164(), "STOP"));
    assertThat(http().get(path(registered.e164())).body().get("source").asText())
        .isEqualTo("KEYWORD");
    register(registered.e164());
    twilio.post("/v1/webhooks/twilio/sms", text(registered.e164(), "START"));
    assertThat(http().get(path(registered.e164())).body().get("source").asText()).isEqualTo("API");
  }

  private static Map<String, String> text(String from, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    params.put("From", from);
    params.put("To", "+15005550006");
    params.put("Body", body);
    return params;
  }
}

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
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
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
 * End to end through HTTP: a follow-up sends a strategy's message, the lead answers with a signed
 * Twilio inbound text, and the strategy's results count the reply (SPEC "Strategies": a reply
 * within REPLY_ATTRIBUTION_HOURS of a send credits that send's strategy). The application runs on a
 * clock the test moves, with the in-memory Temporal service skipping the same time: a step falls
 * due and a reply arrives after the attribution window (the default, 72 hours) without waiting.
 * Providers are the logging ones (texts SENT, calls ANSWERED).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrategyCreditIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "strategy-credit-it-token";
  private static final String PUBLIC = "https://credit.example.com";
  private static final String SMS = "/v1/webhooks/twilio/sms";
  private static final AtomicInteger PHONES = new AtomicInteger(6000);

  /** Step 1 of every lead here is due this long after its creation. */
  private static final Duration STEP = Duration.ofHours(1);

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC));

  /** REPLY_ATTRIBUTION_HOURS: the default. */
  private static Duration window() {
    return Duration.ofMillis(
        Math.round(APP.getConfiguration().conversations.replyAttributionHours * 3_600_000));
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private TwilioCallbacks twilio() {
    return new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String strategy(String channel, String template) {
    String id = unique(channel);
    Reply reply =
        http()
            .post(
                "/v1/strategies",
                "{\"id\":\""
                    + id
                    + "\",\"name\":\"N\",\"channel\":\""
                    + channel
                    + "\",\"template\":\""
                    + template
                    + "\"}");
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return id;
  }

  private record Lead(String id, String phone) {}

  /** A lead whose step 1 ({@code channel}, {@code strategyIds}) is due in {@link #STEP}. */
  private Lead leadWithStep(String channel, String strategyIds) {
    String phone = "+1555031" + PHONES.incrementAndGet();
    Reply reply =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    phone,
                    "\"useStrategiesForFollowUps\":true,\"followUpConfig\":{\"1\":{\"hours\":1,"
                        + "\"channel\":\""
                        + channel
                        + "\",\"strategyIds\":"
                        + strategyIds
                        + "},\"2\":{\"hours\":100,\"channel\":\"text\"}}"));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return new Lead(reply.body().get("id").asText(), phone);
  }

  private List<JsonNode> events(Lead lead, String types) {
    Reply reply = http().get("/v1/leads/" + lead.id() + "/events?types=" + types);
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  /** The lead's texts to us: inbound MESSAGE events. */
  private List<JsonNode> received(Lead lead) {
    return events(lead, "MESSAGE").stream()
        .filter(e -> e.at("/data/direction").asText().equals("INBOUND"))
        .toList();
  }

  /** Lets step 1 fall due and waits for its send. */
  private JsonNode awaitSend(Lead lead, String type) {
    assertThat(events(lead, type)).as("nothing sent before the step is due").isEmpty();
    AppOnTestClock.of(APP).advance(STEP);
    return Poll.until(Duration.ofSeconds(30), () -> events(lead, type), l -> !l.isEmpty()).get(0);
  }

  private static Map<String, String> text(Lead lead, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    params.put("From", lead.phone());
    params.put("To", "+15005550006");
    params.put("Body", body);
    return params;
  }

  private void inbound(Map<String, String> params) {
    Reply reply = twilio().post(SMS, params);
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
  }

  private JsonNode results(String strategyId) {
    Reply reply = http().get("/v1/strategies/" + strategyId);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("results");
  }

  private static void assertCounts(JsonNode results, long sends, long replies, double rate) {
    assertThat(results.get("sends").asLong()).as("sends").isEqualTo(sends);
    assertThat(results.get("replies").asLong()).as("replies").isEqualTo(replies);
    assertThat(results.get("replyRate").asDouble()).as("replyRate").isEqualTo(rate);
  }

  @Test
  void aReplyCreditsTheTextsStrategyOnceHoweverOftenTwilioRetriesIt() {
    String id = strategy("text", "Hi {{firstName}}, " + "this is the credit test");
    Lead lead = leadWithStep("text", "[\"" + id + "\"]");

    JsonNode sent = awaitSend(lead, "MESSAGE");
    assertThat(sent.at("/data/status").asText()).isEqualTo("SENT");
    assertThat(sent.at("/data/strategyId").asText()).isEqualTo(id);
    assertThat(sent.at("/data/content/text").asText()).isEqualTo("Hi Ada, this is the credit test");
    assertCounts(results(id), 1, 0, 0.0);

    // Twilio posts the same callback twice (same MessageSid): one reply, one credit
    Map<String, String> reply = text(lead, "Yes, tell me more");
    inbound(reply);
    inbound(reply);

    JsonNode results = results(id);
    assertCounts(results, 1, 1, 1.0);
    assertCounts(results.get("steps").get("1"), 1, 1, 1.0);
    List<JsonNode> received = received(lead);
    assertThat(received).hasSize(1);
    JsonNode data = received.get(0).get("data");
    assertThat(data.get("creditedStrategyId").asText()).isEqualTo(id);
    assertThat(data.get("creditedEventId").asLong()).isEqualTo(sent.get("id").asLong());
    assertThat(Instant.parse(data.get("creditedSentAt").asText()))
        .isEqualTo(Instant.parse(sent.get("timestamp").asText()));
    JsonNode after = http().get("/v1/leads/" + lead.id()).body();
    assertThat(after.get("hasReplied").asBoolean()).isTrue();
    assertThat(after.get("followUpStatus").asText()).isEqualTo("REPLIED");

    // another reply to the same send: a second inbound MESSAGE, still one reply for the send
    inbound(text(lead, "When can we talk?"));
    assertThat(received(lead)).hasSize(2);
    assertCounts(results(id), 1, 1, 1.0);
  }

  @Test
  void aReplyAfterAnAnsweredCallCreditsTheCallsStrategy() {
    // "auto" picks among the active call strategies: this is the only one in this database
    String id = strategy("call", "Hello {{firstName}}, a call from the credit test");
    Lead lead = leadWithStep("call", "\"auto\"");

    JsonNode call = awaitSend(lead, "CALL");
    assertThat(call.at("/data/status").asText()).isEqualTo("ANSWERED");
    assertThat(call.at("/data/strategyId").asText()).isEqualTo(id);
    assertCounts(results(id), 1, 0, 0.0);

    inbound(text(lead, "Thanks for the call, send me the offer"));

    JsonNode results = results(id);
    assertCounts(results, 1, 1, 1.0);
    assertCounts(results.get("steps").get("1"), 1, 1, 1.0);
    JsonNode data = received(lead).get(0).get("data");
    assertThat(data.get("creditedStrategyId").asText()).isEqualTo(id);
    assertThat(data.get("creditedEventId").asLong()).isEqualTo(call.get("id").asLong());
  }

  @Test
  void aReplyAfterTheAttributionWindowCreditsNothing() {
    String id = strategy("text", "Hi {{firstName}}, a late one");
    Lead lead = leadWithStep("text", "[\"" + id + "\"]");

    JsonNode sent = awaitSend(lead, "MESSAGE");
    assertThat(sent.at("/data/strategyId").asText()).isEqualTo(id);
    // the window passes on the application's clock (the test's)
    AppOnTestClock app = AppOnTestClock.of(APP);
    Instant late = Instant.parse(sent.get("timestamp").asText()).plus(window()).plusSeconds(1);
    app.advance(Duration.between(app.now(), late));
    assertThat(app.now()).isAfterOrEqualTo(late);

    inbound(text(lead, "Sorry, I was away"));

    List<JsonNode> received = received(lead);
    assertThat(received).hasSize(1);
    JsonNode data = received.get(0).get("data");
    assertThat(data.has("creditedEventId")).isFalse();
    assertThat(data.has("creditedStrategyId")).isFalse();
    assertThat(data.has("creditedSentAt")).isFalse();
    assertCounts(results(id), 1, 0, 0.0);
    // still a reply: the follow-ups stop
    assertThat(http().get("/v1/leads/" + lead.id()).body().get("hasReplied").asBoolean()).isTrue();
  }
}

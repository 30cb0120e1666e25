package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
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
 * Apten's "List events" page through HTTP: ids are strings, every event has {@code updatedAt}, the
 * page is ordered by it (ties by id) and {@code since} filters on it; a delivery status landing on
 * a send moves the send's event forward, so a client paging by {@code nextToken} or by the largest
 * {@code updatedAt} meets it again and never misses it; texts both ways are {@code MESSAGE}s with
 * Apten's fields; Apten's type names are valid filters.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ListEventsIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "list-events-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String SID = "SMlistevents0001";
  private static final AtomicInteger PHONES = new AtomicInteger(5000);
  private static final WireMockServer TWILIO = twilioDouble();

  /** Step 1, a text, 0.0003 h (1.08 s) from now; step 2 a day later. */
  private static final String TEXT_NOW =
      "\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1";

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("providers.text", "twilio"),
          ConfigOverride.config("providers.twilio.accountSid", ACCOUNT),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("providers.twilio.fromNumber", "+15005550006"),
          ConfigOverride.config("providers.twilio.apiBaseUrl", TWILIO.baseUrl()),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC + "/"));

  private static WireMockServer twilioDouble() {
    WireMockServer twilio = new WireMockServer(options().dynamicPort());
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"" + SID + "\",\"status\":\"queued\"}")));
    return twilio;
  }

  @AfterAll
  static void cleanUp() {
    TWILIO.stop();
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private TwilioCallbacks twilio() {
    return new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC);
  }

  private String create(String extra) {
    String phone = "+1555024" + PHONES.incrementAndGet();
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private String phone(String lead) {
    return http().get("/v1/leads/" + lead).body().get("phone").asText();
  }

  private Reply events(String lead, String query) {
    return http().get("/v1/leads/" + lead + "/events" + (query.isEmpty() ? "" : "?" + query));
  }

  private List<JsonNode> list(String lead, String query) {
    Reply reply = events(lead, query);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  @Test
  void eventsHaveStringIdsAndUpdatedAtAndAptensTypesAreValidFilters() {
    String lead = create(TEXT_NOW.replace("0.0003", "24"));
    assertThat(
            http()
                .post("/v1/leads/" + lead + "/addContext", "{\"context\":\"likes mornings\"}")
                .status())
        .isEqualTo(200);

    List<JsonNode> events = list(lead, "");
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("FOLLOW_UP_CHANGED", "CONTEXT_ADDED");
    for (JsonNode event : events) {
      assertThat(event.get("id").isTextual()).as(event.toString()).isTrue();
      assertThat(event.get("id").asText()).matches("[0-9]+");
      Instant timestamp = Instant.parse(event.get("timestamp").asText());
      assertThat(Instant.parse(event.get("updatedAt").asText())).isEqualTo(timestamp);
    }
    assertThat(events.get(0).get("id").asText()).isNotEqualTo(events.get(1).get("id").asText());

    // Apten's names are valid: nothing writes them yet
    assertThat(list(lead, "types=TOOL_CALL,CUSTOM")).isEmpty();
    assertThat(list(lead, "types=CUSTOM,CONTEXT_ADDED")).hasSize(1);
    assertThat(events(lead, "types=MESSAGE_RECEIVED").status()).isEqualTo(400);
    assertThat(events(lead, "types=SMS").message()).contains("types").contains("TOOL_CALL");
    // since filters on updatedAt
    String second = events.get(1).get("updatedAt").asText();
    assertThat(list(lead, "since=" + second))
        .extracting(e -> e.get("type").asText())
        .containsExactly("CONTEXT_ADDED");
    // tokens are ours only; unknown leads and missing keys as everywhere
    assertThat(events(lead, "nextToken=abc").status()).isEqualTo(400);
    assertThat(events(lead, "nextToken=" + "MTIz").status()).isEqualTo(400);
    assertThat(events(lead, "since=yesterday").status()).isEqualTo(400);
    assertThat(events(UUID.randomUUID().toString(), "").status()).isEqualTo(404);
    assertThat(new Http(APP.getLocalPort(), null).get("/v1/leads/" + lead + "/events").status())
        .isEqualTo(403);
  }

  @Test
  void aDeliveryStatusMovesItsSendForwardAndAPagingClientMeetsItAgain() {
    String lead = create(TEXT_NOW);
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_080)); // 0.0003 h: step 1 falls due
    List<JsonNode> sent =
        Poll.until(Duration.ofSeconds(30), () -> list(lead, "types=MESSAGE"), l -> !l.isEmpty());
    JsonNode text = sent.get(0);
    assertThat(text.at("/data/direction").asText()).isEqualTo("OUTBOUND");
    assertThat(text.at("/data/deliveryChannel").asText()).isEqualTo("SMS");
    assertThat(text.at("/data/isAiGenerated").isBoolean()).isTrue();
    assertThat(text.at("/data/isAiGenerated").asBoolean()).isFalse();
    assertThat(text.at("/data/content/text").asText()).contains("Ada");
    assertThat(text.at("/data/status").asText()).isEqualTo("SENT");
    assertThat(text.at("/data/followUpStep").asInt()).isEqualTo(1);

    assertThat(
            http()
                .post("/v1/leads/" + lead + "/addContext", "{\"context\":\"asked for prices\"}")
                .status())
        .isEqualTo(200);

    // a client pages everything by nextToken (one event a page) and keeps the token it got with
    // the text's page; another polls by since, from the largest updatedAt it read
    List<JsonNode> firstRead = new ArrayList<>();
    String token = null;
    String tokenAfterText = null;
    for (int pages = 0; pages < 20; pages++) {
      Reply page = events(lead, "limit=1" + (token == null ? "" : "&nextToken=" + token));
      page.body().get("events").forEach(firstRead::add);
      token = page.body().get("nextToken").isNull() ? null : page.body().get("nextToken").asText();
      if (firstRead.get(firstRead.size() - 1).get("type").asText().equals("MESSAGE")) {
        tokenAfterText = token;
      }
      if (token == null) {
        break;
      }
    }
    assertThat(firstRead)
        .extracting(e -> e.get("type").asText())
        .containsExactly("FOLLOW_UP_CHANGED", "MESSAGE", "CONTEXT_ADDED");
    assertThat(tokenAfterText).isNotNull();
    String largest = firstRead.get(firstRead.size() - 1).get("updatedAt").asText();

    // Twilio reports the text delivered, a little later
    AppOnTestClock.of(APP).advance(Duration.ofSeconds(5));
    Map<String, String> delivered = new LinkedHashMap<>();
    delivered.put("MessageSid", SID);
    delivered.put("MessageStatus", "delivered");
    delivered.put("AccountSid", ACCOUNT);
    assertThat(twilio().post("/v1/webhooks/twilio/status", delivered).status()).isEqualTo(200);

    // by since: the status and the amended text, which moved past it
    List<JsonNode> polled = list(lead, "since=" + largest);
    assertThat(polled)
        .extracting(e -> e.get("type").asText())
        .containsExactly("CONTEXT_ADDED", "DELIVERY_STATUS", "MESSAGE");
    JsonNode amended = polled.get(2);
    assertThat(amended.get("id").asText()).isEqualTo(text.get("id").asText());
    assertThat(amended.get("timestamp").asText()).isEqualTo(text.get("timestamp").asText());
    assertThat(Instant.parse(amended.get("updatedAt").asText()))
        .isAfter(Instant.parse(text.get("updatedAt").asText()))
        .isAfter(Instant.parse(polled.get(1).get("updatedAt").asText()));
    assertThat(polled.get(1).at("/data/status").asText()).isEqualTo("DELIVERED");

    // by nextToken: the pager that passed the text meets it again after the status, and ends
    List<JsonNode> after = new ArrayList<>();
    String next = tokenAfterText;
    for (int pages = 0; pages < 20 && next != null; pages++) {
      Reply page = events(lead, "limit=1&nextToken=" + next);
      assertThat(page.status()).isEqualTo(200);
      page.body().get("events").forEach(after::add);
      next = page.body().get("nextToken").isNull() ? null : page.body().get("nextToken").asText();
    }
    assertThat(next).as("paging ends: no loop").isNull();
    assertThat(after)
        .extracting(e -> e.get("type").asText())
        .containsExactly("CONTEXT_ADDED", "DELIVERY_STATUS", "MESSAGE");

    // the whole list, by updatedAt: the text is last now
    assertThat(list(lead, ""))
        .extracting(e -> e.get("type").asText())
        .containsExactly("FOLLOW_UP_CHANGED", "CONTEXT_ADDED", "DELIVERY_STATUS", "MESSAGE");

    // Twilio repeats the callback: nothing moves again
    assertThat(twilio().post("/v1/webhooks/twilio/status", delivered).status()).isEqualTo(200);
    assertThat(list(lead, "since=" + largest).get(2).get("updatedAt").asText())
        .isEqualTo(amended.get("updatedAt").asText());
  }

  @Test
  void anInboundTextIsAnInboundMessage() {
    String lead = create(TEXT_NOW.replace("0.0003", "24"));
    Map<String, String> text = new LinkedHashMap<>();
    text.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    text.put("AccountSid", ACCOUNT);
    text.put("From", phone(lead));
    text.put("To", "+15005550006");
    text.put("Body", "Sounds good, call me");
    assertThat(twilio().post("/v1/webhooks/twilio/sms", text).status()).isEqualTo(200);

    List<JsonNode> messages = list(lead, "types=MESSAGE");
    assertThat(messages).hasSize(1);
    JsonNode data = messages.get(0).get("data");
    assertThat(data.get("direction").asText()).isEqualTo("INBOUND");
    assertThat(data.get("deliveryChannel").asText()).isEqualTo("SMS");
    assertThat(data.get("isAiGenerated").asBoolean(true)).isFalse();
    assertThat(data.at("/content/text").asText()).isEqualTo("Sounds good, call me");
    // ours beside Apten's
    assertThat(data.get("messageSid").asText()).isEqualTo(text.get("MessageSid"));
    assertThat(data.get("channel").asText()).isEqualTo("sms");
  }
}

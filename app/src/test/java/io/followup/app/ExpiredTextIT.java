package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC "Compliance", delivery inside the window, as a timeline on the application's test clock: the
 * window is 08:00-21:00 in the lead's zone (chosen so that the test starts near noon there). Twilio
 * gets each text with a ValidityPeriod ending at 21:00; its expiry (error 30036) is a
 * DELIVERY_STATUS EXPIRED, and the text goes once more at the next opening, 08:00; the re-send's
 * own expiry sends nothing more.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExpiredTextIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "expired-text-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  private static final WireMockServer TWILIO = twilioDouble();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("followUp.sendingWindowStart", "08:00"),
          ConfigOverride.config("followUp.sendingWindowEnd", "21:00"),
          ConfigOverride.config("providers.text", "twilio"),
          ConfigOverride.config("providers.twilio.accountSid", ACCOUNT),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("providers.twilio.fromNumber", "+15005550006"),
          ConfigOverride.config("providers.twilio.apiBaseUrl", TWILIO.baseUrl()),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC));

  /** Zones without daylight saving, by their UTC offset from -11 to +14 hours. */
  private static final String[] BY_OFFSET = {
    "Pacific/Pago_Pago",
    "Pacific/Honolulu",
    "Pacific/Gambier",
    "Pacific/Pitcairn",
    "America/Phoenix",
    "America/Regina",
    "America/Bogota",
    "America/La_Paz",
    "America/Sao_Paulo",
    "America/Noronha",
    "Atlantic/Cape_Verde",
    "Africa/Abidjan",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Tashkent",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Brisbane",
    "Pacific/Noumea",
    "Pacific/Tarawa",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati"
  };

  /** A zone where the wall clock's now is 12:xx. */
  static final ZoneId ZONE = noonZone();

  private static ZoneId noonZone() {
    int utcHour = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).getHour();
    int offset = 12 - utcHour;
    if (offset > 14) {
      offset -= 24;
    }
    if (offset < -11) {
      offset += 24;
    }
    return ZoneId.of(BY_OFFSET[offset + 11]);
  }

  /** The first text is SMfirst, every later one SMagain. */
  private static WireMockServer twilioDouble() {
    WireMockServer twilio = new WireMockServer(options().dynamicPort());
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("texts")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("again")
            .willReturn(created("SMfirst")));
    twilio.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("texts")
            .whenScenarioStateIs("again")
            .willReturn(created("SMagain")));
    return twilio;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(
      String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}");
  }

  @AfterAll
  static void cleanUp() {
    TWILIO.stop();
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private AppOnTestClock app() {
    return AppOnTestClock.of(APP);
  }

  private List<LoggedRequest> texts() {
    return TWILIO.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
  }

  private List<JsonNode> events(String id, String types) {
    Reply reply = http().get("/v1/leads/" + id + "/events?types=" + types);
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  private Reply expired(String sid) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", sid);
    params.put("MessageStatus", "undelivered");
    params.put("ErrorCode", "30036");
    return new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC)
        .post("/v1/webhooks/twilio/status", params);
  }

  private static int validityPeriod(LoggedRequest request) {
    return Integer.parseInt(request.formParameter("ValidityPeriod").firstValue());
  }

  @Test
  void anExpiredTextIsSentAgainAtTheNextOpeningOnce() {
    // three hours ahead of the wall clock (12:xx there, 15:xx on the application's clock): the
    // ValidityPeriod counts from the application's clock, not the wall clock
    app().advance(Duration.ofHours(3));
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    "+15550209001",
                    "\"timezone\":\""
                        + ZONE.getId()
                        + "\",\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();

    // T0 + 1.08 s: the text goes, valid until 21:00 in the lead's zone
    app().advance(Duration.ofMillis(1_080));
    Poll.until(Duration.ofSeconds(30), this::texts, l -> l.size() == 1);
    Instant handedOver = app().now();
    ZonedDateTime local = handedOver.atZone(ZONE);
    Instant closes = local.with(LocalTime.of(21, 0)).toInstant();
    // the Twilio provider reads the application's clock (a wall-clock reading would be 3 hours
    // longer); a few seconds either way for the time between the hand-over and this read
    assertThat(validityPeriod(texts().get(0)))
        .isBetween(
            (int) Duration.between(handedOver, closes).getSeconds() - 5,
            (int) Duration.between(handedOver, closes).getSeconds() + 5);

    // 21:01: Twilio gave up on it at the end of its validity
    app().advance(Duration.between(app().now(), closes.plus(Duration.ofMinutes(1))));
    assertThat(expired("SMfirst").status()).isEqualTo(200);
    JsonNode status = events(id, "DELIVERY_STATUS").get(0).get("data");
    assertThat(status.get("status").asText()).isEqualTo("EXPIRED");
    assertThat(status.get("errorCode").asText()).isEqualTo("30036");
    // Twilio reports it twice: still one re-send
    assertThat(expired("SMfirst").status()).isEqualTo(200);

    // 07:59 the next day: nothing yet
    Instant opening = local.plusDays(1).with(LocalTime.of(8, 0)).toInstant();
    app().advance(Duration.between(app().now(), opening.minus(Duration.ofMinutes(1))));
    assertThat(texts()).hasSize(1);

    // 08:00: sent again, the same text, valid for Twilio's longest (13 hours until 21:00)
    app().advance(Duration.ofMinutes(2));
    Poll.until(Duration.ofSeconds(30), this::texts, l -> l.size() == 2);
    assertThat(texts().get(1).formParameter("Body").firstValue())
        .isEqualTo(texts().get(0).formParameter("Body").firstValue());
    assertThat(validityPeriod(texts().get(1))).isEqualTo(36_000);
    Poll.until(
        Duration.ofSeconds(30),
        () -> events(id, "MESSAGE"),
        l ->
            l.stream().anyMatch(e -> e.at("/data/status").asText().equals("SENT"))
                && l.size() == 2);

    // the re-send expires too: recorded, never sent a third time
    app().advance(Duration.ofHours(14));
    assertThat(expired("SMagain").status()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), () -> events(id, "DELIVERY_STATUS"), l -> l.size() == 2);
    app().advance(Duration.ofHours(24));
    assertThat(texts()).hasSize(2);
  }
}

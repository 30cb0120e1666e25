package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import io.followup.store.support.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook delivery log, replay, per-URL filters and the test ping through HTTP. Three local
 * receivers: {@code ONLY_SENT} subscribed to {@code message.sent}, {@code EVERY} to every event,
 * {@code FLAKY} to {@code lead.additionalInfo.updated} (it answers 500 while a test says so). The
 * retry period is 1.5 s, so a failing delivery is FAILED within seconds.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookDeliveriesIT {
  private static final String DB = TestDatabases.create();
  private static final String BARE_DB = TestDatabases.create();
  private static final String SECRET = "it-deliveries-secret";
  private static final AtomicInteger PHONES = new AtomicInteger(3000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebhookReceiver ONLY_SENT = new WebhookReceiver();
  private static final WebhookReceiver EVERY = new WebhookReceiver();
  private static final WebhookReceiver FLAKY = new WebhookReceiver();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config(
              "webhooks.urls",
              ONLY_SENT.url()
                  + "|message.sent; "
                  + EVERY.url()
                  + " ;"
                  + FLAKY.url()
                  + "|lead.additionalInfo.updated"),
          ConfigOverride.config("webhooks.secret", SECRET),
          ConfigOverride.config("webhooks.pollEvery", "50ms"),
          ConfigOverride.config("webhooks.firstRetry", "100ms"),
          ConfigOverride.config("webhooks.maxRetry", "200ms"),
          ConfigOverride.config("webhooks.retryFor", "1500ms"));

  /**
   * No WEBHOOK_URLS: the ping has nowhere to go. Its overrides have a prefix of their own: both
   * apps run at once, and with the same prefix the one started second would read the first one's
   * overrides (system properties) too, and put them back when stopped.
   */
  static final DropwizardAppExtension<FollowUpConfiguration> BARE =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          "bare",
          ConfigOverride.config("bare.", "database.url", TestDatabases.url(BARE_DB)));

  @AfterAll
  static void cleanUp() {
    ONLY_SENT.close();
    EVERY.close();
    FLAKY.close();
    TestDatabases.drop(DB);
    TestDatabases.drop(BARE_DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String extra) {
    Reply reply =
        http().post("/v1/leads/create", lead("+1 (555) 031-" + PHONES.incrementAndGet(), extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private JsonNode deliveries(String query) {
    Reply reply = http().get("/v1/webhooks/deliveries?" + query);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("deliveries");
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  /** The bodies {@code receiver} got (2xx or not) whose envelope passes {@code test}. */
  private static List<JsonNode> got(
      WebhookReceiver receiver, java.util.function.Predicate<JsonNode> test) {
    List<JsonNode> bodies = new ArrayList<>();
    for (Received r : receiver.received()) {
      assertThat(r.signature()).isEqualTo(hmac(r.bytes()));
      try {
        JsonNode body = JSON.readTree(r.body());
        if (test.test(body)) {
          bodies.add(body);
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return bodies;
  }

  private static boolean ofLead(JsonNode body, String leadId) {
    return body.path("data").path("leadId").asText().equals(leadId);
  }

  private static String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void eachUrlGetsTheEventsItSubscribedToAndTheLogShowsOneDeliveryPerUrl() {
    String id =
        create(
            "\"additionalInfo\":{\"stage\":\"cold\"},\"followUpStep\":1,"
                + "\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}}");
    assertThat(
            http().patch("/v1/leads/" + id, "{\"additionalInfo\":{\"stage\":\"warm\"}}").status())
        .isEqualTo(200);

    Poll.until(
        Duration.ofSeconds(20), () -> got(EVERY, b -> ofLead(b, id)), bodies -> bodies.size() >= 2);
    Poll.until(
        Duration.ofSeconds(20),
        () -> got(ONLY_SENT, b -> ofLead(b, id)),
        bodies -> bodies.size() >= 1);

    assertThat(got(EVERY, b -> ofLead(b, id)))
        .extracting(b -> b.get("event").asText())
        .containsExactlyInAnyOrder("lead.additionalInfo.updated", "message.sent");
    assertThat(got(ONLY_SENT, b -> ofLead(b, id)))
        .extracting(b -> b.get("event").asText())
        .containsExactly("message.sent");
    List<JsonNode> log = list(deliveries("leadId=" + id));
    assertThat(log)
        .extracting(d -> d.get("event").asText() + " -> " + d.get("url").asText())
        .containsExactlyInAnyOrder(
            "lead.additionalInfo.updated -> " + EVERY.url(),
            "lead.additionalInfo.updated -> " + FLAKY.url(),
            "message.sent -> " + EVERY.url(),
            "message.sent -> " + ONLY_SENT.url());
    // one event, one eventId, whatever the URL
    assertThat(
            log.stream()
                .filter(d -> d.get("event").asText().equals("message.sent"))
                .map(d -> d.get("eventId").asText())
                .distinct())
        .hasSize(1);
    assertThat(deliveries("leadId=" + id + "&event=message.sent")).hasSize(2);
  }

  @Test
  void aFailingReceiverIsLoggedAttemptByAttemptThenReplayedWithTheSameEventId() {
    FLAKY.answer.set(500);
    try {
      String id = create("\"additionalInfo\":{\"plan\":\"basic\"}");
      assertThat(
              http().patch("/v1/leads/" + id, "{\"additionalInfo\":{\"plan\":\"pro\"}}").status())
          .isEqualTo(200);

      JsonNode failed =
          Poll.until(
                  Duration.ofSeconds(20),
                  () -> deliveries("leadId=" + id + "&status=failed"),
                  d -> d.size() == 1)
              .get(0);
      assertThat(failed.get("url").asText()).isEqualTo(FLAKY.url());
      assertThat(failed.get("status").asText()).isEqualTo("FAILED");
      assertThat(failed.get("attempts").size()).isGreaterThanOrEqualTo(2);
      for (JsonNode attempt : failed.get("attempts")) {
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempt.get("latencyMs").asLong()).isNotNegative();
        assertThat(attempt.get("time").asText()).isNotBlank();
        assertThat(attempt.get("error").isNull()).isTrue();
      }
      String eventId = failed.get("eventId").asText();
      // the same event reached the healthy receiver once, delivered
      assertThat(deliveries("leadId=" + id + "&status=DELIVERED"))
          .extracting(d -> d.get("url").asText())
          .containsExactly(EVERY.url());
      int before = got(FLAKY, b -> b.get("eventId").asText().equals(eventId)).size();

      FLAKY.answer.set(200);
      Reply replay =
          http().post("/v1/webhooks/deliveries/" + failed.get("id").asText() + "/replay", "");
      assertThat(replay.status()).as(replay.body().toString()).isEqualTo(202);
      assertThat(replay.body().get("eventId").asText()).isEqualTo(eventId);

      JsonNode delivered =
          Poll.until(
              Duration.ofSeconds(20),
              () -> http().get("/v1/webhooks/deliveries/" + failed.get("id").asText()).body(),
              d -> d.get("status").asText().equals("DELIVERED"));
      JsonNode last = delivered.get("attempts").get(delivered.get("attempts").size() - 1);
      assertThat(last.get("statusCode").asInt()).isEqualTo(200);
      assertThat(delivered.get("deliveredAt").asText()).isNotBlank();
      List<Received> replayed =
          FLAKY.accepted().stream().filter(r -> r.body().contains(eventId)).toList();
      assertThat(replayed).hasSize(1);
      assertThat(got(FLAKY, b -> b.get("eventId").asText().equals(eventId)))
          .hasSize(before + 1)
          // the same body every time, signed again (got() checked each signature)
          .allSatisfy(
              b ->
                  assertThat(b.toString())
                      .isEqualTo(JSON.readTree(replayed.get(0).body()).toString()));
    } finally {
      FLAKY.answer.set(200);
    }
  }

  @Test
  void theTestPingReachesEveryUrlWhateverItsFilterSigned() {
    Reply ping = http().post("/v1/webhooks/test", "");
    assertThat(ping.status()).as(ping.body().toString()).isEqualTo(202);
    String eventId = ping.body().get("eventId").asText();
    assertThat(list(ping.body().get("deliveries")))
        .extracting(d -> d.get("url").asText())
        .containsExactly(ONLY_SENT.url(), EVERY.url(), FLAKY.url());
    for (WebhookReceiver receiver : List.of(ONLY_SENT, EVERY, FLAKY)) {
      JsonNode body =
          Poll.until(
                  Duration.ofSeconds(20),
                  () -> got(receiver, b -> b.get("eventId").asText().equals(eventId)),
                  b -> !b.isEmpty())
              .get(0);
      assertThat(body.get("event").asText()).isEqualTo("ping");
      assertThat(body.get("data").size()).isZero();
    }
    assertThat(deliveries("event=ping")).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void theLogPagesByNextTokenAndRejectsBadQueriesNamingTheParameter() {
    String id = create("\"additionalInfo\":{\"a\":1}");
    http().patch("/v1/leads/" + id, "{\"additionalInfo\":{\"a\":2}}");
    http().patch("/v1/leads/" + id, "{\"additionalInfo\":{\"a\":3}}");
    Poll.until(Duration.ofSeconds(20), () -> deliveries("leadId=" + id), d -> d.size() == 4);

    Reply first = http().get("/v1/webhooks/deliveries?leadId=" + id + "&limit=3");
    assertThat(first.body().get("deliveries")).hasSize(3);
    String token = first.body().get("nextToken").asText();
    Reply second =
        http().get("/v1/webhooks/deliveries?leadId=" + id + "&limit=3&nextToken=" + token);
    assertThat(second.body().get("deliveries")).hasSize(1);
    assertThat(second.body().get("nextToken").isNull()).isTrue();
    assertThat(Long.parseLong(second.body().get("deliveries").get(0).get("id").asText()))
        .isGreaterThan(Long.parseLong(first.body().get("deliveries").get(2).get("id").asText()));
    assertThat(deliveries("leadId=" + id + "&since=2999-01-01T00:00:00Z")).isEmpty();

    assertThat(http().get("/v1/webhooks/deliveries?status=LOST").message())
        .isEqualTo("status: must be PENDING, DELIVERED or FAILED");
    assertThat(http().get("/v1/webhooks/deliveries?limit=0").message())
        .isEqualTo("limit: must be from 1 to 100");
    assertThat(http().get("/v1/webhooks/deliveries?since=yesterday").message())
        .startsWith("since:");
    Reply badToken = http().get("/v1/webhooks/deliveries?nextToken=zzz");
    assertThat(badToken.status()).isEqualTo(400);
    assertThat(badToken.message()).startsWith("nextToken:");
  }

  @Test
  void anUnknownDeliveryIs404AndOneToAUrlNoLongerConfiguredIs409() {
    assertThat(http().get("/v1/webhooks/deliveries/999999999").status()).isEqualTo(404);
    assertThat(http().get("/v1/webhooks/deliveries/abc").status()).isEqualTo(404);
    Reply unknown = http().post("/v1/webhooks/deliveries/999999999/replay", "");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("webhook delivery 999999999 not found");

    // a row written while WEBHOOK_URLS listed another receiver
    long id =
        Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "")
            .withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO webhook_outbox (event_id, event, url, body, created_at,"
                                + " next_attempt_at, status) VALUES ('e-1', 'optOut',"
                                + " 'https://gone.example.com/hook', '{}', CURRENT_TIMESTAMP,"
                                + " CURRENT_TIMESTAMP, 'FAILED')")
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    Reply gone = http().post("/v1/webhooks/deliveries/" + id + "/replay", "");
    assertThat(gone.status()).isEqualTo(409);
    assertThat(gone.message()).contains("no longer in WEBHOOK_URLS");
    assertThat(http().get("/v1/webhooks/deliveries/" + id).body().get("status").asText())
        .isEqualTo("FAILED");
  }

  @Test
  void theDeliveryRoutesNeedTheApiKeyAndThePingNeedsAUrl() {
    assertThat(new Http(APP.getLocalPort(), null).get("/v1/webhooks/deliveries").status())
        .isEqualTo(403);
    Reply ping = new Http(BARE.getLocalPort()).post("/v1/webhooks/test", "");
    assertThat(ping.status()).isEqualTo(409);
    assertThat(ping.message()).isEqualTo("no webhook URL is configured (WEBHOOK_URLS)");
  }
}

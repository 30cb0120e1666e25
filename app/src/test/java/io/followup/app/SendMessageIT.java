package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/leads/{id}/sendMessage} through HTTP, on PostgreSQL and the in-memory Temporal
 * service with the logging providers: events, the {@code message.sent} webhook, the 409s, retries.
 * The application runs on a clock the test moves: a scheduled message falls due without a wait.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SendMessageIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(4000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();
  private static final String CONFIG =
      "\"followUpConfig\":{\"1\":{\"hours\":100,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":200,\"channel\":\"text\"}}";

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("webhooks.urls", RECEIVER.url()),
          ConfigOverride.config("webhooks.secret", "it-secret"),
          ConfigOverride.config("webhooks.pollEvery", "50ms"));

  @AfterAll
  static void cleanUp() {
    RECEIVER.close();
    TestDatabases.drop(DB);
  }

  private static AppOnTestClock app() {
    return AppOnTestClock.of(APP);
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

  private Reply send(String id, String json) {
    return http().post("/v1/leads/" + id + "/sendMessage", json);
  }

  private Reply send(String id, String json, String idempotencyKey) {
    return http()
        .send(
            http()
                .request("/v1/leads/" + id + "/sendMessage", Http.KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
  }

  private List<JsonNode> events(String id, String type) {
    List<JsonNode> out = new ArrayList<>();
    http().get("/v1/leads/" + id + "/events?types=" + type).body().get("events").forEach(out::add);
    return out;
  }

  private List<JsonNode> awaitEvents(String id, String type, int count) {
    return Poll.until(Duration.ofSeconds(20), () -> events(id, type), l -> l.size() >= count);
  }

  private static List<JsonNode> webhooksOf(String leadId) {
    return RECEIVER.accepted().stream()
        .map(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .filter(body -> body.get("data").get("leadId").asText().equals(leadId))
        .toList();
  }

  private static Jdbi jdbi() {
    return Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
  }

  @Test
  void aMessageNowIsAMessageEventThatIsNoFollowUpAndAMessageSentWebhook() {
    String id = create(CONFIG);
    Reply sent = send(id, "{\"message\":\"Hi {{firstName}}, are you free at 3?\"}");
    assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    assertThat(sent.message()).isEqualTo("Message sent successfully.");

    JsonNode event = awaitEvents(id, "MESSAGE", 1).get(0);
    assertThat(event.get("data").get("isFollowUp").asBoolean()).isFalse();
    assertThat(event.get("data").get("followUpStep").isNull()).isTrue();
    assertThat(event.get("data").get("status").asText()).isEqualTo("SENT");
    assertThat(event.get("data").get("channel").asText()).isEqualTo("text");
    // sent as written: braces are no template
    assertThat(event.get("data").get("content").get("text").asText())
        .isEqualTo("Hi {{firstName}}, are you free at 3?");

    JsonNode hook =
        Poll.until(Duration.ofSeconds(20), () -> webhooksOf(id), l -> !l.isEmpty()).get(0);
    assertThat(hook.get("event").asText()).isEqualTo("message.sent");
    assertThat(hook.get("data").get("isFollowUp").asBoolean()).isFalse();
    assertThat(hook.get("data").get("followUpStep").isNull()).isTrue();
    assertThat(hook.get("data").get("channel").asText()).isEqualTo("sms");
    assertThat(hook.get("data").get("content").get("text").asText())
        .isEqualTo("Hi {{firstName}}, are you free at 3?");
    // the follow-up schedule is unaffected: step 1 still armed
    JsonNode lead = http().get("/v1/leads/" + id).body();
    assertThat(lead.get("followUpStep").asInt()).isEqualTo(1);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
  }

  @Test
  void twoScheduledMessagesArePendingAtOnceAndBothGo() {
    String id = create(CONFIG);
    Instant now = app().now();
    assertThat(
            send(id, "{\"message\":\"second\",\"scheduledTime\":\"" + now.plusSeconds(4) + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            send(id, "{\"message\":\"first\",\"scheduledTime\":\"" + now.plusSeconds(2) + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(events(id, "MESSAGE")).isEmpty();
    app().advance(Duration.ofSeconds(3));
    assertThat(awaitEvents(id, "MESSAGE", 1).get(0).at("/data/content/text").asText())
        .isEqualTo("first");
    app().advance(Duration.ofSeconds(1));
    List<JsonNode> sent = awaitEvents(id, "MESSAGE", 2);
    assertThat(sent)
        .extracting(e -> e.get("data").get("content").get("text").asText())
        .containsExactly("first", "second");
  }

  /** The workflow's rule (50 pending at most) refuses the 51st: nothing stored, its key free. */
  @Test
  void aMessageTheWorkflowRefusesStoresNothingAndLeavesItsKeyFree() {
    String id = create(CONFIG);
    String later = app().now().plus(Duration.ofDays(2)).toString();
    for (int i = 0; i < 50; i++) {
      Reply sent = send(id, "{\"message\":\"m" + i + "\",\"scheduledTime\":\"" + later + "\"}");
      assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    }
    long before = storedMessages(id);

    Reply refused =
        send(id, "{\"message\":\"one too many\",\"scheduledTime\":\"" + later + "\"}", "k-51");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).contains("50 messages are pending");
    assertThat(storedMessages(id)).isEqualTo(before);

    // the key was not burnt: another body under it is refused for the same rule, not as reused
    Reply again = send(id, "{\"message\":\"another\",\"scheduledTime\":\"" + later + "\"}", "k-51");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.message()).contains("50 messages are pending");
    assertThat(storedMessages(id)).isEqualTo(before);
  }

  private static long storedMessages(String leadId) {
    return jdbi()
        .withHandle(
            h ->
                h.select("SELECT COUNT(*) FROM lead_messages WHERE lead_id = ?", leadId)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void aRetriedIdenticalRequestSendsOnce() throws InterruptedException {
    String id = create(CONFIG);
    String body = "{\"message\":\"only once\",\"scheduledTime\":\"2020-01-01T00:00:00Z\"}";
    assertThat(send(id, body).status()).isEqualTo(200);
    assertThat(send(id, body).status()).isEqualTo(200);
    // with an Idempotency-Key: the same body again is the same message, another body a 400
    assertThat(send(id, "{\"message\":\"keyed\"}", "k-1").status()).isEqualTo(200);
    assertThat(send(id, "{\"message\":\"keyed\"}", "k-1").status()).isEqualTo(200);
    Reply reused = send(id, "{\"message\":\"other\"}", "k-1");
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.message()).startsWith("Idempotency-Key:");

    awaitEvents(id, "MESSAGE", 2);
    // a second send would be as quick as the first: give it the time it would take
    Thread.sleep(1500);
    assertThat(events(id, "MESSAGE"))
        .extracting(e -> e.get("data").get("content").get("text").asText())
        .containsExactlyInAnyOrder("only once", "keyed");
  }

  @Test
  void anIdenticalBodyMoreThanAMinuteLaterIsANewMessage() {
    String id = create(CONFIG);
    String body = "{\"message\":\"see you at 3\"}";
    assertThat(send(id, body).status()).isEqualTo(200);
    awaitEvents(id, "MESSAGE", 1);
    // 45 seconds later: still a retry of the first
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE lead_messages SET created_at = created_at - INTERVAL '45 seconds'"
                        + " WHERE lead_id = ?",
                    id));
    assertThat(send(id, body).status()).isEqualTo(200);
    // 61 seconds later: the same text sent again on purpose
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE lead_messages SET created_at = created_at - INTERVAL '16 seconds'"
                        + " WHERE lead_id = ?",
                    id));
    assertThat(send(id, body).status()).isEqualTo(200);
    assertThat(awaitEvents(id, "MESSAGE", 2))
        .extracting(e -> e.get("data").get("content").get("text").asText())
        .containsExactly("see you at 3", "see you at 3");
    int stored =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM lead_messages WHERE lead_id = ?")
                        .bind(0, id)
                        .mapTo(Integer.class)
                        .one());
    assertThat(stored).isEqualTo(2);
  }

  @Test
  void aStoppedLeadIsTextedOnlyWithSendWhenOff() {
    String id = create(CONFIG);
    assertThat(http().patch("/v1/leads/" + id, "{\"followUpStep\":-1}").status()).isEqualTo(200);
    Reply refused = send(id, "{\"message\":\"hello?\"}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.message())
        .isEqualTo("follow-ups are stopped for this lead; set sendWhenOff to send anyway");

    assertThat(send(id, "{\"message\":\"hello anyway\",\"sendWhenOff\":true}").status())
        .isEqualTo(200);
    assertThat(awaitEvents(id, "MESSAGE", 1).get(0).get("data").get("content").get("text").asText())
        .isEqualTo("hello anyway");
    assertThat(http().get("/v1/leads/" + id).body().get("followUpStatus").asText())
        .isEqualTo("STOPPED");
  }

  @Test
  void scheduleFollowUpsRestartsTheScheduleAtItsFirstStep() {
    String id = create(CONFIG);
    assertThat(http().patch("/v1/leads/" + id, "{\"followUpStep\":2}").status()).isEqualTo(200);
    // the workflow computes the due time on the Temporal service's clock
    Instant before = app().temporalTime();
    assertThat(send(id, "{\"message\":\"back on\",\"scheduleFollowUps\":true}").status())
        .isEqualTo(200);
    JsonNode lead =
        Poll.until(
            Duration.ofSeconds(20),
            () -> http().get("/v1/leads/" + id).body(),
            l -> l.get("followUpStep").asInt() == 1);
    Instant next = Instant.parse(lead.get("nextFollowUpAt").asText());
    assertThat(next)
        .isBetween(
            before.plus(Duration.ofHours(100)), app().temporalTime().plus(Duration.ofHours(100)));
    assertThat(events(id, "MESSAGE")).hasSize(1);
  }

  @Test
  void anOptedOutLeadIs409AndAnOptOutBeforeTheSendBlocksIt() {
    String id = create(CONFIG);
    // accepted while subscribed, due in 3 s; the lead opts out meanwhile
    assertThat(
            send(
                    id,
                    "{\"message\":\"later\",\"scheduledTime\":\""
                        + app().now().plusSeconds(3)
                        + "\"}")
                .status())
        .isEqualTo(200);
    jdbi().useHandle(h -> h.execute("UPDATE leads SET is_unsubscribed = TRUE WHERE id = ?", id));

    Reply refused =
        send(id, "{\"message\":\"now\",\"sendWhenOff\":true,\"overrideBusinessHours\":true}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.message()).isEqualTo("lead has opted out of texts");

    assertThat(events(id, "COMPLIANCE_BLOCKED")).as("not before it is due").isEmpty();
    app().advance(Duration.ofSeconds(3));
    JsonNode blocked = awaitEvents(id, "COMPLIANCE_BLOCKED", 1).get(0);
    assertThat(blocked.get("data").get("isFollowUp").asBoolean()).isFalse();
    assertThat(blocked.get("data").get("status").asText()).isEqualTo("BLOCKED");
    assertThat(events(id, "MESSAGE")).isEmpty();
  }

  @Test
  void badBodiesAre400AndUnknownLeads404() {
    String id = create(CONFIG);
    Reply missing = send(id, "{\"scheduledTime\":\"2026-01-05T09:00:00Z\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).isEqualTo("message: is required and must not be blank");
    Reply unknown = send(id, "{\"message\":\"x\",\"scheduleFollowups\":true}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("scheduleFollowups: unknown field");
    assertThat(send(id, "{\"message\":\"x\",\"scheduledTime\":\"tomorrow\"}").status())
        .isEqualTo(400);
    // beyond 87600 hours: a 400, never a message left pending on a timer that cannot be made
    Reply far = send(id, "{\"message\":\"x\",\"scheduledTime\":\"+99999-01-01T00:00:00Z\"}");
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.message()).isEqualTo("scheduledTime: must be at most 87600 hours from now");
    assertThat(send("00000000-0000-0000-0000-000000000000", "{\"message\":\"x\"}").status())
        .isEqualTo(404);
  }
}

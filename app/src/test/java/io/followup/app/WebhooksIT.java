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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks and addContext through HTTP: the application configured with WEBHOOK_URLS (a local
 * receiver) and WEBHOOK_SECRET; PATCH and addContext report the additionalInfo keys they changed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksIT {
  private static final String DB = TestDatabases.create();
  private static final String SECRET = "it-webhook-secret";
  private static final AtomicInteger PHONES = new AtomicInteger(3000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("webhooks.urls", RECEIVER.url()),
          ConfigOverride.config("webhooks.secret", SECRET),
          ConfigOverride.config("webhooks.pollEvery", "50ms"));

  @AfterAll
  static void cleanUp() {
    RECEIVER.close();
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String extra) {
    Reply reply =
        http().post("/v1/leads/create", lead("+1 (555) 020-" + PHONES.incrementAndGet(), extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  /** The webhooks the receiver accepted for {@code leadId}, each with a verified signature. */
  private static List<JsonNode> webhooksOf(String leadId) {
    return RECEIVER.accepted().stream()
        .map(
            r -> {
              assertThat(r.signature()).isEqualTo(hmac(r.bytes()));
              try {
                return JSON.readTree(r.body());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .filter(body -> body.get("data").get("leadId").asText().equals(leadId))
        .toList();
  }

  private static List<JsonNode> awaitWebhooks(String leadId, int count) {
    return Poll.until(Duration.ofSeconds(20), () -> webhooksOf(leadId), l -> l.size() >= count);
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
  void aPatchThatChangesAdditionalInfoSendsTheChangedKeysOldAndNew() {
    String id =
        create(
            "\"customerProfile\":\"Prefers mornings\","
                + "\"additionalInfo\":{\"company\":\"Acme\",\"size\":10,\"keep\":true},"
                + "\"externalLeadId\":\"crm-7\"");
    Reply patched =
        http()
            .patch(
                "/v1/leads/" + id,
                "{\"additionalInfo\":{\"company\":\"Globex\",\"size\":null,\"keep\":true,\"new\":[1]}}");
    assertThat(patched.status()).isEqualTo(200);
    // the same values again: nothing changed, no webhook
    assertThat(http().patch("/v1/leads/" + id, "{\"additionalInfo\":{\"keep\":true}}").status())
        .isEqualTo(200);

    JsonNode hook = awaitWebhooks(id, 1).get(0);
    assertThat(hook.get("event").asText()).isEqualTo("lead.additionalInfo.updated");
    assertThat(hook.get("data").get("externalLeadId").asText()).isEqualTo("crm-7");
    JsonNode changes = hook.get("data").get("additionalInfo");
    assertThat(changes.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("company", "size", "new");
    assertThat(changes.get("company").get("old").asText()).isEqualTo("Acme");
    assertThat(changes.get("company").get("new").asText()).isEqualTo("Globex");
    assertThat(changes.get("size").get("old").asInt()).isEqualTo(10);
    assertThat(changes.get("size").get("new").isNull()).isTrue();
    assertThat(changes.get("new").get("old").isNull()).isTrue();
    assertThat(changes.get("new").get("new").get(0).asInt()).isEqualTo(1);
    assertThat(hook.get("data").get("phone").asText()).startsWith("+1555020");
    assertThat(hook.get("data").get("profile").asText()).isEqualTo("Prefers mornings");
    assertThat(webhooksOf(id)).hasSize(1);
  }

  /** Apten's call.completed: callId, durationSeconds, direction, summary; profile in each event. */
  @Test
  void aCallStepSendsCallCompletedWithAptensFieldsAndEveryEventCarriesTheProfile() {
    String id =
        create(
            "\"customerProfile\":\"CFO, Acme\",\"followUpStep\":1,\"followUpConfig\":"
                + "{\"1\":{\"hours\":0.0003,\"channel\":\"text\"},"
                + "\"2\":{\"hours\":0.0003,\"channel\":\"call\"}}");

    List<JsonNode> hooks = awaitWebhooks(id, 2);

    assertThat(hooks)
        .extracting(h -> h.get("event").asText())
        .containsExactly("message.sent", "call.completed");
    assertThat(hooks)
        .allSatisfy(h -> assertThat(h.at("/data/profile").asText()).isEqualTo("CFO, Acme"));
    JsonNode call = hooks.get(1).get("data");
    String callId = call.get("callId").asText();
    assertThat(callId).isNotBlank();
    // the logging provider reports no duration: null (a Twilio call polled to its end has one)
    assertThat(call.get("durationSeconds").isNull()).as("unknown: null").isTrue();
    assertThat(call.get("direction").asText()).isEqualTo("OUTBOUND");
    assertThat(call.has("summary")).isTrue();
    assertThat(call.get("summary").isNull()).isTrue();
    assertThat(call.get("followUpStep").asInt()).isEqualTo(2);
    assertThat(call.get("outcome").asText()).isIn("ANSWERED", "NO_ANSWER", "VOICEMAIL_LEFT");
    // every lead webhook carries the lead's CRM id, null when it has none (WebhookOutbox.enqueue)
    assertThat(call.has("externalLeadId")).isTrue();
    assertThat(call.get("externalLeadId").isNull()).isTrue();
  }

  @Test
  void addContextKeepsTheContextRecordsAnEventAndMergesAdditionalInfo() {
    String id = create("\"additionalInfo\":{\"stage\":\"cold\"}");
    Reply added =
        http()
            .post(
                "/v1/leads/" + id + "/addContext",
                "{\"context\":\"Wants a demo in January\",\"additionalInfo\":{\"stage\":\"warm\"}}");
    assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
    assertThat(added.message()).isEqualTo("Success");
    assertThat(
            http()
                .post("/v1/leads/" + id + "/addContext", "{\"context\":\"Second note\"}")
                .status())
        .isEqualTo(200);

    JsonNode lead = http().get("/v1/leads/" + id).body();
    assertThat(lead.get("context").asText()).isEqualTo("Second note");
    assertThat(lead.get("additionalInfo").get("stage").asText()).isEqualTo("warm");

    JsonNode events = http().get("/v1/leads/" + id + "/events?types=CONTEXT_ADDED").body();
    assertThat(events.get("events")).hasSize(2);
    assertThat(events.get("events").get(0).get("data").get("context").asText())
        .isEqualTo("Wants a demo in January");
    assertThat(events.get("events").get(1).get("data").get("context").asText())
        .isEqualTo("Second note");

    JsonNode hook = awaitWebhooks(id, 1).get(0);
    assertThat(hook.get("event").asText()).isEqualTo("lead.additionalInfo.updated");
    assertThat(hook.get("data").get("additionalInfo").get("stage").get("old").asText())
        .isEqualTo("cold");
    assertThat(hook.get("data").get("additionalInfo").get("stage").get("new").asText())
        .isEqualTo("warm");
  }

  @Test
  void addContextRejectsBadInputAndUnknownLeadsChangingNothing() {
    String id = create("");
    Reply unknownField =
        http().post("/v1/leads/" + id + "/addContext", "{\"context\":\"x\",\"note\":\"y\"}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.message()).isEqualTo("note: unknown field");
    assertThat(http().post("/v1/leads/" + id + "/addContext", "{}").status()).isEqualTo(400);
    assertThat(http().get("/v1/leads/" + id).body().has("context")).isFalse();
    assertThat(http().get("/v1/leads/" + id + "/events?types=CONTEXT_ADDED").body().get("events"))
        .isEmpty();

    Reply unknownLead =
        http()
            .post(
                "/v1/leads/00000000-0000-0000-0000-000000000000/addContext", "{\"context\":\"x\"}");
    assertThat(unknownLead.status()).isEqualTo(404);
  }
}

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
 * Apten's "Get messages" page through HTTP ({@code GET /v1/leads/{id}/messages}): the conversation
 * oldest first, texts and emails, ours ({@code owner: user}: follow-ups and one-off messages) and
 * the lead's ({@code owner: lead}).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GetMessagesIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "get-messages-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final AtomicInteger PHONES = new AtomicInteger(7000);

  /** An email, then a text, each 0.0003 h (1.08 s) after the one before. */
  private static final String EMAIL_THEN_TEXT =
      "\"email\":\"ada@example.com\",\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":"
          + "\"email\"},\"2\":{\"hours\":0.0003,\"channel\":\"text\"},"
          + "\"3\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1";

  private static final Duration STEP = Duration.ofMillis(1_080);

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
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

  private record Lead(String id, String phone) {}

  private Lead create(String extra) {
    String phone = "+1555026" + PHONES.incrementAndGet();
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return new Lead(reply.body().get("id").asText(), phone);
  }

  private List<JsonNode> messages(Lead lead) {
    Reply reply = http().get("/v1/leads/" + lead.id() + "/messages");
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    assertThat(reply.body().fieldNames()).toIterable().containsExactly("messages");
    List<JsonNode> messages = new ArrayList<>();
    reply.body().get("messages").forEach(messages::add);
    return messages;
  }

  private void reply(Lead lead, String body) {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    text.put("From", lead.phone());
    text.put("To", "+15005550006");
    text.put("Body", body);
    Reply answer =
        new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC)
            .post("/v1/webhooks/twilio/sms", text);
    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void theConversationBothWaysOldestFirst() {
    Lead lead = create(EMAIL_THEN_TEXT);
    assertThat(messages(lead)).isEmpty();

    AppOnTestClock.of(APP).advance(STEP); // 0.0003 h: the email falls due
    Poll.until(Duration.ofSeconds(30), () -> messages(lead), l -> l.size() == 1);
    AppOnTestClock.of(APP).advance(STEP); // 0.0003 h more: the text
    Poll.until(Duration.ofSeconds(30), () -> messages(lead), l -> l.size() == 2);
    reply(lead, "Sounds good, call me tomorrow");
    Reply sent =
        http()
            .post(
                "/v1/leads/" + lead.id() + "/sendMessage",
                "{\"message\":\"Will do, Ada\",\"sendWhenOff\":true}");
    assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    List<JsonNode> messages =
        Poll.until(Duration.ofSeconds(30), () -> messages(lead), l -> l.size() == 4);

    assertThat(messages)
        .extracting(m -> m.get("owner").asText())
        .containsExactly("user", "user", "lead", "user");
    assertThat(messages.get(0).at("/content/subject").asText()).isNotBlank();
    assertThat(messages.get(0).at("/content/text").asText()).contains("Ada");
    assertThat(messages.get(1).at("/content/text").asText()).contains("Ada");
    assertThat(messages.get(1).get("content").has("subject")).isFalse();
    assertThat(messages.get(2).at("/content/text").asText())
        .isEqualTo("Sounds good, call me tomorrow");
    assertThat(messages.get(3).at("/content/text").asText()).isEqualTo("Will do, Ada");
    Instant previous = Instant.EPOCH;
    for (JsonNode message : messages) {
      assertThat(message.fieldNames()).toIterable().contains("content", "createdAt", "owner");
      Instant created = Instant.parse(message.get("createdAt").asText());
      assertThat(created).isAfterOrEqualTo(previous);
      previous = created;
    }
  }

  @Test
  void unknownLeadIs404AndAKeyIsRequired() {
    Reply unknown = http().get("/v1/leads/" + UUID.randomUUID() + "/messages");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isNotBlank();
    Lead lead = create(EMAIL_THEN_TEXT.replace("0.0003", "24"));
    assertThat(
            new Http(APP.getLocalPort(), null).get("/v1/leads/" + lead.id() + "/messages").status())
        .isEqualTo(403);
    assertThat(messages(lead)).isEmpty();
  }
}

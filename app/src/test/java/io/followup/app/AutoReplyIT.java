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
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auto-replies to texts through HTTP (issue 21): an inbound {@code MESSAGE} with {@code autoReply:
 * true}, no {@code hasReplied}, no credit, no stop; an out-of-office pauses the lead until the day
 * it names (in the lead's zone), else for {@code OOO_RESUME_DEFAULT_DAYS}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AutoReplyIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "auto-reply-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final AtomicInteger PHONES = new AtomicInteger(7400);
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static final String LATER =
      "\"timezone\":\"America/New_York\","
          + "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1";

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC + "/"),
          ConfigOverride.config("conversations.autoReplyPhrases", "bleep bloop"));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private record Lead(String id, String phone) {}

  private Lead create() {
    String phone = "+1555027" + PHONES.incrementAndGet();
    Reply reply = http().post("/v1/leads/create", lead(phone, LATER));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return new Lead(reply.body().get("id").asText(), phone);
  }

  private JsonNode get(Lead lead) {
    return http().get("/v1/leads/" + lead.id()).body();
  }

  private void text(Lead lead, String body) {
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

  private List<JsonNode> events(Lead lead, String types) {
    Reply reply = http().get("/v1/leads/" + lead.id() + "/events?types=" + types);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  private Instant now() {
    return AppOnTestClock.of(APP).now();
  }

  @Test
  void anOutOfOfficeWithADatePausesTheLeadUntilThatDayInItsZone() {
    Lead lead = create();
    LocalDate back = now().atZone(NEW_YORK).toLocalDate().plusDays(10);
    String day = back.format(DateTimeFormatter.ofPattern("MMMM d", Locale.ENGLISH));

    text(lead, "Out of the office, back on " + day + ". For urgent matters call the desk.");

    JsonNode after = get(lead);
    assertThat(after.get("followUpStatus").asText()).isEqualTo("PAUSED");
    assertThat(after.get("followUpStep").asInt()).isEqualTo(1);
    assertThat(Instant.parse(after.get("resumeAt").asText()))
        .isEqualTo(back.atStartOfDay(NEW_YORK).toInstant());
    assertThat(after.get("hasReplied").asBoolean()).isFalse();
    assertThat(after.get("tags")).isEmpty();
    List<JsonNode> messages = events(lead, "MESSAGE");
    assertThat(messages).hasSize(1);
    JsonNode message = messages.get(0).get("data");
    assertThat(message.get("direction").asText()).isEqualTo("INBOUND");
    assertThat(message.get("autoReply").asBoolean()).isTrue();
    assertThat(message.has("creditedEventId")).as("an auto-reply credits nothing").isFalse();
    List<JsonNode> paused = events(lead, "FOLLOW_UP_PAUSED");
    assertThat(paused).hasSize(1);
    assertThat(paused.get(0).at("/data/reason").asText()).isEqualTo("OUT_OF_OFFICE");
  }

  @Test
  void anOutOfOfficeWithoutADatePausesForTheDefaultDays() {
    Lead lead = create();
    Instant received = now();
    text(lead, "I am on vacation with limited access to my phone.");

    JsonNode after = get(lead);
    assertThat(after.get("followUpStatus").asText()).isEqualTo("PAUSED");
    assertThat(Duration.between(received, Instant.parse(after.get("resumeAt").asText())))
        .isBetween(Duration.ofDays(14), Duration.ofDays(14).plusMinutes(1));
  }

  @Test
  void anAutoReplyWithoutAnAbsenceChangesNothingButIsRecorded() {
    Lead lead = create();
    String due = get(lead).get("nextFollowUpAt").asText();

    text(
        lead,
        "I'm driving with Do Not Disturb While Driving turned on. I'll see your message when I get"
            + " where I'm going.");
    text(lead, "Bleep-bloop, a robot answers");

    JsonNode after = get(lead);
    assertThat(after.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(after.get("nextFollowUpAt").asText()).isEqualTo(due);
    assertThat(after.get("hasReplied").asBoolean()).isFalse();
    assertThat(events(lead, "MESSAGE"))
        .extracting(e -> e.at("/data/autoReply").asBoolean())
        .containsExactly(true, true);

    // the lead's own words are a reply: they stop the follow-ups
    text(lead, "Sounds good, call me tomorrow");
    assertThat(get(lead).get("followUpStatus").asText()).isEqualTo("REPLIED");
    assertThat(get(lead).get("hasReplied").asBoolean()).isTrue();
  }
}

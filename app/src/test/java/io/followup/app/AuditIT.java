package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.api.http.ApiKeyFilter;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TwilioCallbacks;
import io.followup.domain.audit.Actor;
import io.followup.domain.events.EventType;
import io.followup.store.EventStatements;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.RequestIds;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail through HTTP: every event names its actor (an API key by its short hash, an
 * inbound message, the system, an operator) and its request id, in a lead's events and in {@code
 * GET /v1/audit}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "audit-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final AtomicInteger PHONES = new AtomicInteger(1000);

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

  private record Lead(String id, String phone) {}

  private Lead create(String requestId, String extra) {
    String phone = "+1555027" + PHONES.incrementAndGet();
    Http http = http();
    Reply reply =
        http.send(
            http.request("/v1/leads/create", Http.KEY)
                .header("Content-Type", "application/json")
                .header(RequestIds.HEADER, requestId)
                .POST(HttpRequest.BodyPublishers.ofString(lead(phone, extra)))
                .build());
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return new Lead(reply.body().get("id").asText(), phone);
  }

  private List<JsonNode> events(String leadId) {
    Reply reply = http().get("/v1/leads/" + leadId + "/events");
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    // every event in the list names its actor
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.get("actor").get("type").asText())
                  .isIn(Actor.API_KEY, Actor.OPERATOR, Actor.INBOUND, Actor.SYSTEM);
              assertThat(e.get("actor").get("id").asText()).isNotBlank();
              assertThat(e.has("requestId")).isTrue();
            });
    return events;
  }

  private static JsonNode ofType(List<JsonNode> events, String type) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
  }

  @Test
  void aChangeMadeWithAnApiKeyNamesTheKeyByItsShortHashAndTheRequest() {
    Lead lead =
        create(
            "audit-create-1",
            "\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");

    Reply raw = http().get("/v1/leads/" + lead.id() + "/events");
    JsonNode changed = ofType(events(lead.id()), "FOLLOW_UP_CHANGED");

    assertThat(changed.get("actor").get("type").asText()).isEqualTo("apiKey");
    assertThat(changed.get("actor").get("id").asText())
        .isEqualTo(ApiKeyFilter.shortHash(Http.KEY))
        .matches("key:[0-9a-f]{8}");
    assertThat(changed.get("requestId").asText()).isEqualTo("audit-create-1");
    // never the key itself
    assertThat(raw.raw().body()).doesNotContain(Http.KEY);
    // the other key is another actor
    Reply other =
        new Http(APP.getLocalPort(), "test-key-2")
            .patch("/v1/leads/" + lead.id(), "{\"followUpStep\":-1}");
    assertThat(other.status()).isEqualTo(200);
    assertThat(
            events(lead.id()).stream()
                .filter(e -> e.get("type").asText().equals("FOLLOW_UP_CHANGED"))
                .map(e -> e.get("actor").get("id").asText()))
        .containsExactly(ApiKeyFilter.shortHash(Http.KEY), ApiKeyFilter.shortHash("test-key-2"));
  }

  @Test
  void aScheduledSendIsTheSystemsUnderTheRequestThatArmedIt() {
    Lead lead =
        create(
            "audit-armed-1",
            "\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}}");

    JsonNode sent =
        Poll.until(
                Duration.ofSeconds(20),
                () -> events(lead.id()),
                events -> events.stream().anyMatch(e -> e.get("type").asText().equals("MESSAGE")))
            .stream()
            .filter(e -> e.get("type").asText().equals("MESSAGE"))
            .findFirst()
            .orElseThrow();

    assertThat(sent.get("actor").get("type").asText()).isEqualTo("system");
    assertThat(sent.get("actor").get("id").asText()).isEqualTo("engine");
    assertThat(sent.get("requestId").asText()).isEqualTo("audit-armed-1");
  }

  @Test
  void anInboundTextNamesTheMessageItCameWith() {
    Lead lead = create("audit-inbound-1", "");
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> text = new LinkedHashMap<>();
    text.put("MessageSid", sid);
    text.put("From", lead.phone());
    text.put("To", "+15005550006");
    text.put("Body", "STOP");
    assertThat(
            new TwilioCallbacks(APP.getLocalPort(), TOKEN, PUBLIC)
                .post("/v1/webhooks/twilio/sms", text)
                .status())
        .isEqualTo(200);

    JsonNode optOut = ofType(events(lead.id()), "OPT_OUT");
    assertThat(optOut.get("actor").get("type").asText()).isEqualTo("inbound");
    assertThat(optOut.get("actor").get("id").asText()).isEqualTo("twilio:" + sid);
    assertThat(optOut.get("requestId").asText()).isNotBlank();
  }

  @Test
  void anOperatorsEventNamesTheCommandAndTheAuditListsEveryLeadsEventsByTime() {
    Instant start = Instant.now().minusSeconds(1);
    Lead lead =
        create(
            "audit-operator-1",
            "\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");
    Jdbi jdbi = Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
    // what OperatorCommand does around every command: its events name it and the login
    Actor.as(
        Actor.operator("rollout-settings:ops"),
        () ->
            jdbi.useHandle(
                h ->
                    EventStatements.insertEvent(
                        h,
                        lead.id(),
                        EventType.CONTEXT_ADDED,
                        Instant.now(),
                        "{\"context\":\"x\"}")));

    Reply audit = http().get("/v1/audit?leadId=" + lead.id() + "&since=" + start);
    assertThat(audit.status()).as(audit.body().toString()).isEqualTo(200);
    List<JsonNode> entries = new ArrayList<>();
    audit.body().get("events").forEach(entries::add);
    assertThat(entries)
        .extracting(e -> e.get("type").asText() + " by " + e.get("actor").get("type").asText())
        .containsExactly("FOLLOW_UP_CHANGED by apiKey", "CONTEXT_ADDED by operator");
    assertThat(entries.get(1).get("actor").get("id").asText()).isEqualTo("rollout-settings:ops");
    assertThat(entries.get(0).get("leadId").asText()).isEqualTo(lead.id());
    assertThat(entries.get(0).get("requestId").asText()).isEqualTo("audit-operator-1");
    assertThat(ofType(events(lead.id()), "CONTEXT_ADDED").get("actor").get("type").asText())
        .isEqualTo("operator");

    // every lead's, paged by time
    Reply first = http().get("/v1/audit?limit=1&since=" + start);
    assertThat(first.body().get("events")).hasSize(1);
    String token = first.body().get("nextToken").asText();
    Reply second = http().get("/v1/audit?limit=1&since=" + start + "&nextToken=" + token);
    assertThat(second.body().get("events").get(0).get("id").asText())
        .isNotEqualTo(first.body().get("events").get(0).get("id").asText());
    assertThat(http().get("/v1/audit?since=2999-01-01T00:00:00Z").body().get("events")).isEmpty();
  }

  /**
   * An event that commits after a client read the audit to its end, with an earlier {@code
   * occurred_at} than those it read, is listed to that client's next token. Before, the audit paged
   * by {@code occurred_at}: the token was past it, and the client never saw it.
   */
  @Test
  void anEventCommittedLateWithAnEarlierTimeIsListedAfterTheTokenOfTheEnd() throws Exception {
    Instant start = Instant.now().minusSeconds(60);
    Lead late = create("audit-late-1", "");
    Lead early = create("audit-late-2", "");
    Jdbi jdbi = Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
    try (Handle open = jdbi.open()) {
      // a write that took its time 30 s ago and has not committed yet
      open.begin();
      EventStatements.insertEvent(
          open,
          late.id(),
          EventType.CONTEXT_ADDED,
          start.plusSeconds(30),
          "{\"context\":\"late\"}");
      // meanwhile another one is recorded and the client reads everything to the end
      jdbi.useHandle(
          h ->
              EventStatements.insertEvent(
                  h, early.id(), EventType.CONTEXT_ADDED, Instant.now(), "{\"context\":\"x\"}"));
      String token = null;
      List<String> read = new ArrayList<>();
      for (int page = 0; page < 100; page++) {
        Reply reply =
            http()
                .get(
                    "/v1/audit?limit=100&since="
                        + start
                        + (token == null ? "" : "&nextToken=" + token));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        reply.body().get("events").forEach(e -> read.add(contextOf(e)));
        token = reply.body().get("nextToken").asText();
        if (reply.body().get("events").size() < 100) {
          break;
        }
      }
      assertThat(read).contains(early.id()).doesNotContain(late.id());
      open.commit();

      // the client asks again from where it ended: the late event is there
      Reply again = http().get("/v1/audit?limit=100&since=" + start + "&nextToken=" + token);
      List<String> after = new ArrayList<>();
      again.body().get("events").forEach(e -> after.add(contextOf(e)));
      assertThat(after).contains(late.id()).doesNotContain(early.id());
    }
  }

  /** The lead of a CONTEXT_ADDED event, else its type. */
  private static String contextOf(JsonNode event) {
    String type = event.get("type").asText();
    return type.equals("CONTEXT_ADDED") ? event.get("leadId").asText() : type;
  }

  @Test
  void badAuditQueriesAre400NamingTheParameterAndTheKeyIsNeeded() {
    assertThat(http().get("/v1/audit?since=yesterday").message()).startsWith("since:");
    assertThat(http().get("/v1/audit?limit=0").message()).startsWith("limit:");
    assertThat(http().get("/v1/audit?nextToken=zzz").message()).startsWith("nextToken:");
    assertThat(new Http(APP.getLocalPort(), null).get("/v1/audit").status()).isEqualTo(403);
  }
}

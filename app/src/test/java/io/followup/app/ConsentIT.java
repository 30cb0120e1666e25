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
import io.followup.store.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC "Compliance", consent provenance, through HTTP with {@code REQUIRE_CONSENT_FOR=text}: {@code
 * consent} on create and PATCH (validated), shown on GET and in the list, each recording a {@code
 * CONSENT_RECORDED} event; a lead without consent is not texted ({@code COMPLIANCE_BLOCKED
 * NO_CONSENT}), one with consent is; DELETE keeps the events' source and capturedAt only.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsentIT {
  private static final String DB = TestDatabases.create();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("complianceCheck.requireConsentFor", "text"),
          // named, not left to the default: in a full run this fork had earlier run a class whose
          // Twilio override was still in force here (every text FAILED "Twilio unreachable")
          ConfigOverride.config("providers.text", "logging"),
          // a consent text of 10,001 characters fits the body
          ConfigOverride.config("api.maxBodyBytes", "65536"));

  private static final String CONSENT =
      "\"consent\":{\"source\":\"web-form\",\"capturedAt\":\"2026-01-02T03:04:05Z\","
          + "\"text\":\"I agree to texts\",\"url\":\"https://example.com/signup?ref=ad\"}";

  private static final String ONE_TEXT =
      "\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},\"followUpStep\":1";

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String phone, String extra) {
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private List<JsonNode> events(String id, String types) {
    List<JsonNode> events = new ArrayList<>();
    http()
        .get("/v1/leads/" + id + "/events?types=" + types)
        .body()
        .get("events")
        .forEach(events::add);
    return events;
  }

  @Test
  void consentIsKeptWithItsHistoryAndShown() {
    String id = create("+15550240001", CONSENT);
    JsonNode shown = http().get("/v1/leads/" + id).body().get("consent");
    assertThat(shown.get("source").asText()).isEqualTo("web-form");
    assertThat(shown.get("capturedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(shown.get("text").asText()).isEqualTo("I agree to texts");
    assertThat(shown.get("url").asText()).isEqualTo("https://example.com/signup?ref=ad");

    Reply patched =
        http()
            .patch(
                "/v1/leads/" + id,
                "{\"consent\":{\"source\":\"phone call\",\"capturedAt\":\"2026-01-03T10:00:00+01:00\"}}");
    assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
    JsonNode latest = http().get("/v1/leads/" + id).body().get("consent");
    assertThat(latest.get("source").asText()).isEqualTo("phone call");
    assertThat(latest.get("capturedAt").asText()).isEqualTo("2026-01-03T09:00:00Z");
    assertThat(latest.get("text").isNull()).isTrue();
    assertThat(latest.get("url").isNull()).isTrue();

    // the list shows it too
    JsonNode listed = null;
    for (JsonNode item : http().get("/v1/leads?limit=1000").body().get("leads")) {
      if (item.get("id").asText().equals(id)) {
        listed = item;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.at("/consent/source").asText()).isEqualTo("phone call");

    // the history: one event per recording, oldest first
    assertThat(events(id, "CONSENT_RECORDED"))
        .extracting(e -> e.at("/data/consent/source").asText())
        .containsExactly("web-form", "phone call");

    // a lead created without consent shows null
    String without = create("+15550240002", null);
    assertThat(http().get("/v1/leads/" + without).body().get("consent").isNull()).isTrue();
    assertThat(events(without, "CONSENT_RECORDED")).isEmpty();
  }

  @Test
  void aBrokenConsentIsA400NamingItsField() {
    String future = java.time.Instant.now().plus(Duration.ofDays(1)).toString();
    String[][] cases = {
      {"{}", "consent.source: is required and must not be blank"},
      {"{\"source\":\"  \",\"capturedAt\":\"2026-01-01T00:00:00Z\"}", "consent.source"},
      {
        "{\"source\":\"" + "x".repeat(201) + "\",\"capturedAt\":\"2026-01-01T00:00:00Z\"}",
        "consent.source: must be at most 200 characters"
      },
      {"{\"source\":\"web\"}", "consent.capturedAt: is required"},
      {
        "{\"source\":\"web\",\"capturedAt\":\"yesterday\"}",
        "consent.capturedAt: must be an ISO-8601"
      },
      {
        "{\"source\":\"web\",\"capturedAt\":\"" + future + "\"}",
        "consent.capturedAt: must not be in the future"
      },
      {
        "{\"source\":\"web\",\"capturedAt\":\"2026-01-01T00:00:00Z\",\"url\":\"ftp://x.example/\"}",
        "consent.url: must be an http or https URL"
      },
      {
        "{\"source\":\"web\",\"capturedAt\":\"2026-01-01T00:00:00Z\",\"text\":\""
            + "y".repeat(10_001)
            + "\"}",
        "consent.text: must be at most 10000 characters"
      },
      {
        "{\"source\":\"web\",\"capturedAt\":\"2026-01-01T00:00:00Z\",\"ip\":\"1.2.3.4\"}",
        "consent.ip: unknown field"
      },
      {"\"web-form\"", "consent: must be a JSON object"},
    };
    int n = 10;
    for (String[] c : cases) {
      Reply reply =
          http().post("/v1/leads/create", lead("+155502401" + n++, "\"consent\":" + c[0]));
      assertThat(reply.status()).as(c[1]).isEqualTo(400);
      assertThat(reply.message()).as(c[1]).startsWith(c[1]);
    }
    String id = create("+15550240003", CONSENT);
    Reply cleared = http().patch("/v1/leads/" + id, "{\"consent\":null}");
    assertThat(cleared.status()).isEqualTo(400);
    assertThat(cleared.message()).startsWith("consent: cannot be cleared");
    assertThat(http().get("/v1/leads/" + id).body().at("/consent/source").asText())
        .isEqualTo("web-form");
  }

  @Test
  void aLeadWithoutConsentIsNotTexted() {
    String without = create("+15550240004", ONE_TEXT);
    String with = create("+15550240005", ONE_TEXT + "," + CONSENT);
    List<JsonNode> first =
        Poll.until(
                Duration.ofSeconds(60),
                () -> {
                  AppOnTestClock.of(APP).advance(Duration.ofMillis(1_080));
                  return List.of(
                      events(without, "MESSAGE,COMPLIANCE_BLOCKED"),
                      events(with, "MESSAGE,COMPLIANCE_BLOCKED"));
                },
                l -> l.stream().allMatch(e -> !e.isEmpty()))
            .stream()
            .map(e -> e.get(0))
            .toList();
    assertThat(first.get(0).get("type").asText()).isEqualTo("COMPLIANCE_BLOCKED");
    assertThat(first.get(0).at("/data/reason").asText()).isEqualTo("NO_CONSENT");
    assertThat(first.get(0).at("/data/source").isMissingNode()).isTrue();
    assertThat(first.get(1).get("type").asText()).isEqualTo("MESSAGE");
    assertThat(first.get(1).at("/data/status").asText()).isEqualTo("SENT");
  }

  @Test
  void deleteKeepsWhereAndWhenConsentWasGivenNotItsTextOrUrl() {
    String id = create("+15550240006", CONSENT);
    Reply deleted = http().send(http().request("/v1/leads/" + id, Http.KEY).DELETE().build());
    assertThat(deleted.status()).isEqualTo(200);
    org.jdbi.v3.core.Jdbi jdbi =
        org.jdbi.v3.core.Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
    List<String> data =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT data FROM lead_events WHERE lead_id = :id"
                            + " AND type = 'CONSENT_RECORDED'")
                    .bind("id", id)
                    .mapTo(String.class)
                    .list());
    JsonNode event;
    try {
      event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.get(0));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(event.at("/consent/source").asText()).isEqualTo("web-form");
    assertThat(event.at("/consent/capturedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(event.at("/consent/text").isNull()).isTrue();
    assertThat(event.at("/consent/url").isNull()).isTrue();
    String consent =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT consent FROM leads WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
    assertThat(consent).isNull();
  }
}

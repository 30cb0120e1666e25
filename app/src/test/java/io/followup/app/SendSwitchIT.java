package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
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

/**
 * The send switch through HTTP ({@code /v1/admin/sends}, admin keys only) on PostgreSQL and the
 * in-memory Temporal service, on clocks the test moves: a paused text waits, one event says so, the
 * preview shows {@code PAUSED}, a restart keeps the pause, a resume sends it once.
 */
class SendSwitchIT {
  private static final String DB = TestDatabases.create();
  private static final String ADMIN = "admin-key-1";
  private static final int RESUME_SPREAD_MINUTES = 5;

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static DropwizardAppExtension<FollowUpConfiguration> app() {
    return new DropwizardAppExtension<>(
        AppOnTestClock.class,
        ResourceHelpers.resourceFilePath("test-app.yml"),
        ConfigOverride.config("database.url", TestDatabases.url(DB)),
        ConfigOverride.config("auth.adminApiKeys", ADMIN),
        ConfigOverride.config("sends.resumeSpreadMinutes", "" + RESUME_SPREAD_MINUTES),
        // re-create the stored leads' workflows at start, as the embedded run does
        ConfigOverride.config("embedded.enabled", "true"));
  }

  private static List<JsonNode> events(Http http, String id, String type) {
    List<JsonNode> out = new ArrayList<>();
    http.get("/v1/leads/" + id + "/events?types=" + type).body().get("events").forEach(out::add);
    return out;
  }

  @Test
  void aPausedTextWaitsThroughARestartAndGoesOnceAfterTheResume() throws Exception {
    DropwizardAppExtension<FollowUpConfiguration> first = app();
    first.before();
    String id;
    try {
      Http http = new Http(first.getLocalPort());
      Http admin = new Http(first.getLocalPort(), ADMIN);
      Reply created =
          http.post(
              "/v1/leads/create",
              lead(
                  "+15550201234", "\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\"}}"));
      assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
      id = created.body().get("id").asText();

      Reply paused =
          admin.post("/v1/admin/sends/pause", "{\"channels\":[\"text\"],\"reason\":\"bad copy\"}");
      assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);
      assertThat(paused.body().get("channels").get(0).get("paused").asBoolean()).isTrue();

      // +2 h: the step came due an hour ago and waits; one event says so
      AppOnTestClock.of(first).advance(Duration.ofHours(2));
      JsonNode held =
          Poll.until(
                  Duration.ofSeconds(20),
                  () -> events(http, id, "COMPLIANCE_BLOCKED"),
                  l -> !l.isEmpty())
              .get(0);
      assertThat(held.get("data").get("reason").asText()).isEqualTo("PAUSED");
      assertThat(held.get("data").get("channel").asText()).isEqualTo("text");
      assertThat(events(http, id, "MESSAGE")).isEmpty();
      JsonNode item = http.get("/v1/leads/" + id + "/schedule").body().get("items").get(0);
      assertThat(item.get("movedBy").asText()).isEqualTo("PAUSED");
    } finally {
      first.after();
    }

    // a restart: a new process, a new in-memory Temporal service, the same database
    DropwizardAppExtension<FollowUpConfiguration> second = app();
    second.before();
    try {
      Http http = new Http(second.getLocalPort());
      Http admin = new Http(second.getLocalPort(), ADMIN);
      JsonNode text = admin.get("/v1/admin/sends").body().get("channels").get(0);
      assertThat(text.get("channel").asText()).isEqualTo("text");
      assertThat(text.get("paused").asBoolean()).isTrue();
      assertThat(text.get("reason").asText()).isEqualTo("bad copy");
      assertThat(text.get("by").asText()).isEqualTo("api");

      // the workflow re-created at start finds the step due and still paused: it records its hold
      // (a new run) and sends nothing, however long it waits
      Poll.until(
          Duration.ofSeconds(20),
          () -> {
            AppOnTestClock.of(second).advance(Duration.ofHours(1));
            return events(http, id, "COMPLIANCE_BLOCKED");
          },
          l -> l.size() == 2);
      AppOnTestClock.of(second).advance(Duration.ofHours(3));
      Thread.sleep(500);
      assertThat(events(http, id, "MESSAGE")).isEmpty();

      assertThat(admin.post("/v1/admin/sends/resume", "{\"channels\":[\"text\"]}").status())
          .isEqualTo(200);
      AppOnTestClock.of(second).advance(Duration.ofMinutes(RESUME_SPREAD_MINUTES));
      JsonNode sent =
          Poll.until(Duration.ofSeconds(20), () -> events(http, id, "MESSAGE"), l -> !l.isEmpty())
              .get(0);
      assertThat(sent.get("data").get("status").asText()).isEqualTo("SENT");
      AppOnTestClock.of(second).advance(Duration.ofHours(1));
      Thread.sleep(500);
      assertThat(events(http, id, "MESSAGE")).hasSize(1);
    } finally {
      second.after();
    }
  }

  @Test
  void onlyAnAdminKeyMayPauseAndBadBodiesNameTheField() throws Exception {
    DropwizardAppExtension<FollowUpConfiguration> app = app();
    app.before();
    try {
      Http user = new Http(app.getLocalPort());
      Http admin = new Http(app.getLocalPort(), ADMIN);
      Reply refused = user.post("/v1/admin/sends/pause", "{\"channels\":[\"text\"]}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.message()).contains("ADMIN_API_KEYS");
      assertThat(user.get("/v1/admin/sends").status()).isEqualTo(403);
      // the admin key is an API key too
      assertThat(admin.get("/v1/leads?limit=1").status()).isEqualTo(200);

      assertThat(admin.post("/v1/admin/sends/pause", "{}").message()).contains("channels");
      assertThat(admin.post("/v1/admin/sends/pause", "{\"channels\":[]}").status()).isEqualTo(400);
      Reply sms = admin.post("/v1/admin/sends/pause", "{\"channels\":[\"sms\"]}");
      assertThat(sms.status()).isEqualTo(400);
      assertThat(sms.message()).contains("channels");
      Reply reason = admin.post("/v1/admin/sends/pause", "{\"channels\":[\"call\"],\"reason\":3}");
      assertThat(reason.status()).isEqualTo(400);
      assertThat(reason.message()).contains("reason");
      Reply resumeReason =
          admin.post("/v1/admin/sends/resume", "{\"channels\":[\"call\"],\"reason\":\"x\"}");
      assertThat(resumeReason.status()).isEqualTo(400);
      assertThat(resumeReason.message()).contains("reason");
      // nothing was paused by the bad bodies
      for (JsonNode channel : admin.get("/v1/admin/sends").body().get("channels")) {
        assertThat(channel.get("paused").asBoolean()).isFalse();
      }
    } finally {
      app.after();
    }
  }
}

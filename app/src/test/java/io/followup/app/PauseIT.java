package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pause and resume through HTTP (issue 21): PATCH {@code followUpStatus} PAUSED (with or without
 * {@code resumeAt}) and SCHEDULED, the lead, its schedule and its events.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PauseIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(5100);

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  private static final String ONE_STEP =
      "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"email\"},"
          + "\"2\":{\"hours\":48,\"channel\":\"email\"}},\"followUpStep\":1";

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create() {
    Reply reply =
        http().post("/v1/leads/create", lead("+1 (555) 031-" + PHONES.incrementAndGet(), ONE_STEP));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private JsonNode get(String id) {
    return http().get("/v1/leads/" + id).body();
  }

  private Reply patch(String id, String body) {
    return http().patch("/v1/leads/" + id, body);
  }

  private List<JsonNode> events(String id, String types) {
    Reply reply = http().get("/v1/leads/" + id + "/events?types=" + types);
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  @Test
  void aPauseUntilADateShowsOnTheLeadAndTheScheduleAndEndsByItself() {
    String id = create();
    Instant due = Instant.parse(get(id).get("nextFollowUpAt").asText());
    Instant resumeAt = Instant.now().plusSeconds(4);

    Reply paused = patch(id, "{\"followUpStatus\":\"PAUSED\",\"resumeAt\":\"" + resumeAt + "\"}");
    assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);

    JsonNode lead = get(id);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("PAUSED");
    assertThat(lead.get("followUpStep").asInt()).isEqualTo(1);
    assertThat(lead.get("nextFollowUpAt").isNull()).isTrue();
    assertThat(lead.get("resumeAt").asText()).isEqualTo(resumeAt.toString());
    assertThat(lead.get("isAiOn").asBoolean()).isTrue();
    JsonNode schedule = http().get("/v1/leads/" + id + "/schedule?limit=1").body();
    assertThat(schedule.get("followUpStatus").asText()).isEqualTo("PAUSED");
    assertThat(schedule.get("resumeAt").asText()).isEqualTo(resumeAt.toString());
    // the step's time left (about 24 hours) counts from the resume
    Instant listed = Instant.parse(schedule.at("/items/0/dueAt").asText());
    assertThat(Duration.between(due.plus(Duration.between(Instant.now(), resumeAt)), listed))
        .isBetween(Duration.ofSeconds(-10), Duration.ofSeconds(10));
    List<JsonNode> pausedEvents = events(id, "FOLLOW_UP_PAUSED");
    assertThat(pausedEvents).hasSize(1);
    assertThat(pausedEvents.get(0).at("/data/reason").asText()).isEqualTo("PATCH");
    assertThat(pausedEvents.get(0).at("/data/resumeAt").asText()).isEqualTo(resumeAt.toString());

    // the pause ends on its own: the workflow stores the state and the event
    JsonNode resumed =
        Poll.until(
            Duration.ofSeconds(30),
            () -> get(id),
            l -> "SCHEDULED".equals(l.get("followUpStatus").asText()));
    assertThat(resumed.has("resumeAt")).isFalse();
    assertThat(Instant.parse(resumed.get("nextFollowUpAt").asText()))
        .isAfter(due.plus(Duration.ofSeconds(2)));
    List<JsonNode> resumes =
        Poll.until(
            Duration.ofSeconds(30), () -> events(id, "FOLLOW_UP_RESUMED"), l -> !l.isEmpty());
    assertThat(resumes).hasSize(1);
    assertThat(resumes.get(0).at("/data/reason").asText()).isEqualTo("RESUME_AT");
  }

  @Test
  void aPatchToAPausedLeadKeepsItPausedUntilItSaysScheduled() {
    String id = create();
    assertThat(patch(id, "{\"followUpStatus\":\"PAUSED\"}").status()).isEqualTo(200);
    assertThat(get(id).has("resumeAt")).isFalse();
    assertThat(http().get("/v1/leads/" + id + "/schedule").body().get("items")).isEmpty();

    Reply config =
        patch(
            id,
            "{\"followUpConfig\":{\"1\":{\"hours\":2,\"channel\":\"email\"},"
                + "\"2\":{\"hours\":48,\"channel\":\"email\"}}}");
    assertThat(config.status()).as(config.body().toString()).isEqualTo(200);
    assertThat(get(id).get("followUpStatus").asText()).isEqualTo("PAUSED");

    Instant before = Instant.now();
    assertThat(patch(id, "{\"followUpStatus\":\"SCHEDULED\"}").status()).isEqualTo(200);
    JsonNode lead = get(id);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(lead.get("nextFollowUpAt").asText()))
        .isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
    List<JsonNode> resumes = events(id, "FOLLOW_UP_RESUMED");
    assertThat(resumes).hasSize(1);
    assertThat(resumes.get(0).at("/data/reason").asText()).isEqualTo("PATCH");
    assertThat(events(id, "FOLLOW_UP_PAUSED")).hasSize(1);
  }

  @Test
  void aPauseBreakingARuleIsA400ThatChangesNothing() {
    String id = create();
    assertThat(patch(id, "{\"followUpStatus\":\"STOPPED\"}").message())
        .startsWith("followUpStatus: must be PAUSED");
    assertThat(patch(id, "{\"resumeAt\":\"2030-01-01T00:00:00Z\"}").message())
        .isEqualTo("resumeAt: only with followUpStatus PAUSED");
    assertThat(patch(id, "{\"followUpStatus\":\"PAUSED\",\"resumeAt\":\"tomorrow\"}").message())
        .startsWith("resumeAt: must be an ISO-8601 instant");
    assertThat(
            patch(id, "{\"followUpStatus\":\"PAUSED\",\"resumeAt\":\"2020-01-01T00:00:00Z\"}")
                .message())
        .startsWith("resumeAt: must be in the future");
    assertThat(patch(id, "{\"followUpStep\":-1}").status()).isEqualTo(200);
    Reply stopped = patch(id, "{\"followUpStatus\":\"PAUSED\"}");
    assertThat(stopped.status()).isEqualTo(400);
    assertThat(stopped.message())
        .startsWith("followUpStatus: only a SCHEDULED or LONG_TERM lead can be paused");
    assertThat(get(id).get("followUpStatus").asText()).isEqualTo("STOPPED");
    assertThat(events(id, "FOLLOW_UP_PAUSED")).isEmpty();
  }
}

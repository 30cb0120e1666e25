package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpState;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lead API through HTTP: real PostgreSQL, the in-memory Temporal service, every worker role.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LeadApiIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(1000);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private static String phone() {
    return "+1 (555) 010-" + PHONES.incrementAndGet();
  }

  private String create(String extra) {
    Reply reply = http().post("/v1/leads/create", lead(phone(), extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    assertThat(reply.message()).isEqualTo("Lead created successfully.");
    return reply.body().get("id").asText();
  }

  private JsonNode get(String id) {
    Reply reply = http().get("/v1/leads/" + id);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  private FollowUpState workflowState(String id) {
    return ((FollowUpApplication) APP.getApplication())
        .temporal()
        .client()
        .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(id))
        .state();
  }

  private static final String CONFIG =
      "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":48,\"channel\":\"call\",\"voicemailEnabled\":true},"
          + "\"3\":{\"hours\":1.5,\"channel\":\"email\",\"strategyIds\":\"auto\"}}";

  @Test
  void createThenGetReturnsTheLeadWithItsScheduleAndAnE164Phone() {
    Instant before = Instant.now();
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    "+1 (555) 555-0100",
                    "\"email\":\"ada@example.com\",\"timeZone\":\"America/New_York\",\"customerProfile\":\"VIP\","
                        + "\"additionalInfo\":{\"company\":\"Analytical Engines\"},"
                        + CONFIG));
    assertThat(created.status()).isEqualTo(200);

    JsonNode lead = get(created.body().get("id").asText());
    assertThat(lead.get("phone").asText()).isEqualTo("+15555550100");
    assertThat(lead.get("timezone").asText()).isEqualTo("America/New_York");
    assertThat(lead.get("additionalInfo").get("company").asText()).isEqualTo("Analytical Engines");
    assertThat(lead.get("hasReplied").asBoolean()).isFalse();
    assertThat(lead.get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(lead.get("followUpStep").asInt()).isEqualTo(1);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(lead.get("nextFollowUpAt").asText()))
        .isCloseTo(before.plus(Duration.ofHours(24)), within(10, ChronoUnit.SECONDS));
    assertThat(lead.get("followUpConfig").get("2").get("voicemailEnabled").asBoolean()).isTrue();
    assertThat(http().get("/v1/leads/" + lead.get("id").asText()).raw().body())
        .contains("\"1\":{\"hours\":24,")
        .contains("\"3\":{\"hours\":1.5,");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      missing firstName        | {"lastName":"L","phone":"+15555550001"}                                   | firstName: is required
      phone without plus       | {"firstName":"A","lastName":"L","phone":"5555550001"}                     | phone: must start with +
      phone with letters       | {"firstName":"A","lastName":"L","phone":"+1555CALLNOW"}                   | phone: must start with +
      bad email                | {"firstName":"A","lastName":"L","phone":"+15555550001","email":"nope"}    | email: must be a valid email address
      unknown timezone         | {"firstName":"A","lastName":"L","phone":"+15555550001","timezone":"Mars/Base"} | timezone: must be a tz database name
      unknown field            | {"firstName":"A","lastName":"L","phone":"+15555550001","frist":"x"}       | frist: unknown field
      hours too large          | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpConfig":{"1":{"hours":87601,"channel":"text"}}} | followUpConfig.1.hours: must be a number from 0 to 87600
      bad channel              | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpConfig":{"1":{"hours":1,"channel":"fax"}}} | followUpConfig.1.channel: must be one of text, call, email
      voicemail on text        | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpConfig":{"1":{"hours":1,"channel":"text","voicemailEnabled":true}}} | followUpConfig.1.voicemailEnabled: is only valid on a step whose channel is call
      unknown strategy         | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpConfig":{"1":{"hours":1,"channel":"text","strategyIds":["nope"]}}} | followUpConfig.1.strategyIds: unknown strategy id 'nope'
      step key not a number    | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpConfig":{"one":{"hours":1,"channel":"text"}}} | followUpConfig.one: step keys must be positive integers
      step not in config       | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpStep":3,"followUpConfig":{"1":{"hours":1,"channel":"text"}}} | followUpStep: must be a step of followUpConfig [1], -1 or -2; got 3
      step zero                | {"firstName":"A","lastName":"L","phone":"+15555550001","followUpStep":0}  | followUpStep: must be a step number
      not an object            | [1,2]                                                                     | body: must be a JSON object
      not JSON                 | {"firstName":                                                             | body: is not valid JSON
      """)
  void createRejectsBadInputNamingTheFieldAndRule(String rule, String body, String message) {
    Reply reply = http().post("/v1/leads/create", body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message()).startsWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown field            | {"emial":"a@b.co"}                                 | emial: unknown field
      bad email                | {"email":"a@"}                                     | email: must be a valid email address
      unknown timezone         | {"timezone":"Nowhere/City"}                        | timezone: must be a tz database name
      additionalInfo not object| {"additionalInfo":[1]}                             | additionalInfo: must be a JSON object
      step not in config       | {"followUpStep":7}                                 | followUpStep: must be a step of followUpConfig [1, 2, 3], -1 or -2; got 7
      step minus three         | {"followUpStep":-3}                                | followUpStep: must be a step number
      step as string           | {"followUpStep":"2"}                               | followUpStep: must be a step number
      config drops current step| {"followUpConfig":{"5":{"hours":1,"channel":"text"}}} | followUpConfig: the current step 1 is not in the new config; send followUpStep too
      negative hours           | {"followUpConfig":{"1":{"hours":-1,"channel":"text"}}} | followUpConfig.1.hours: must be a number from 0 to 87600
      unknown step field       | {"followUpConfig":{"1":{"hours":1,"channel":"text","delay":3}}} | followUpConfig.1.delay: unknown field
      strategies not boolean   | {"useStrategiesForFollowUps":"yes"}                | useStrategiesForFollowUps: must be true or false
      """)
  void updateRejectsBadInputNamingTheFieldAndRule(String rule, String body, String message) {
    String id = create(CONFIG);
    Reply reply = http().patch("/v1/leads/" + id, body);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
    assertThat(reply.message()).startsWith(message);
  }

  @Test
  void aMissingOrWrongKeyIs403AndEveryConfiguredKeyWorks() {
    Http http = http();
    Reply missing = http.send(http.request("/v1/leads", null).GET().build());
    Reply wrong = http.send(http.request("/v1/leads", "not-a-key").GET().build());
    Reply rotated = http.send(http.request("/v1/leads", "test-key-2").GET().build());
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.message()).contains("API key");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.body().toString()).doesNotContain("not-a-key");
    assertThat(rotated.status()).isEqualTo(200);
  }

  @Test
  void anUnknownLeadIs404() {
    assertThat(http().get("/v1/leads/no-such-lead").status()).isEqualTo(404);
    assertThat(http().patch("/v1/leads/no-such-lead", "{\"email\":\"a@b.co\"}").status())
        .isEqualTo(404);
    assertThat(http().get("/v1/leads/no-such-lead/events").status()).isEqualTo(404);
  }

  @Test
  void aDuplicatePhoneIs409EvenWrittenDifferently() {
    http().post("/v1/leads/create", lead("+1 555 777 0001", null));
    Reply duplicate = http().post("/v1/leads/create", lead("+1 (555) 777-0001", null));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.message()).startsWith("phone:");
  }

  @Test
  void aBodyOverTheLimitIs413BeforeParsing() {
    String big = "{\"firstName\":\"" + "x".repeat(9000) + "\"}";
    Reply reply = http().post("/v1/leads/create", big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.message()).contains("8192");
  }

  @Test
  void aNonJsonBodyIs415() {
    Http http = http();
    Reply reply =
        http.send(
            http.request("/v1/leads/create", Http.KEY)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi"))
                .build());
    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.message()).contains("application/json");
  }

  @Test
  void errorBodiesNeverCarryStackTracesOrClassNames() {
    Reply reply = http().post("/v1/leads/create", "{\"firstName\": [}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.raw().body())
        .doesNotContain("Exception")
        .doesNotContain("at io.")
        .doesNotContain("com.fasterxml");
  }

  @Test
  void additionalInfoIsMergedAndANullKeyDeleted() {
    String id = create("\"additionalInfo\":{\"a\":1,\"b\":\"two\",\"c\":true}");
    Reply reply =
        http()
            .patch(
                "/v1/leads/" + id,
                "{\"additionalInfo\":{\"b\":\"zwei\",\"c\":null,\"d\":{\"nested\":[1,2]}}}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.message()).isEqualTo("Lead updated successfully.");
    JsonNode info = get(id).get("additionalInfo");
    assertThat(info.toString()).isEqualTo("{\"a\":1,\"b\":\"zwei\",\"d\":{\"nested\":[1,2]}}");
  }

  @Test
  void anEmptyBodyChangesNothing() {
    String id = create(CONFIG);
    JsonNode before = get(id);
    Reply reply = http().patch("/v1/leads/" + id, "{}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(get(id)).isEqualTo(before);
  }

  @Test
  void stepConfigBothStopAndLongTermAreReflectedByGet() {
    String id = create(CONFIG);

    Instant now = Instant.now();
    http().patch("/v1/leads/" + id, "{\"followUpStep\":2}");
    JsonNode step = get(id);
    assertThat(step.get("followUpStep").asInt()).isEqualTo(2);
    assertThat(due(step)).isCloseTo(now.plus(Duration.ofHours(48)), within(10, ChronoUnit.SECONDS));

    now = Instant.now();
    http()
        .patch(
            "/v1/leads/" + id,
            "{\"followUpConfig\":{\"2\":{\"hours\":0.5,\"channel\":\"email\"}}}");
    JsonNode config = get(id);
    assertThat(config.get("followUpStep").asInt()).isEqualTo(2);
    assertThat(config.get("followUpConfig").get("2").get("channel").asText()).isEqualTo("email");
    assertThat(due(config))
        .isCloseTo(now.plus(Duration.ofMinutes(30)), within(10, ChronoUnit.SECONDS));

    now = Instant.now();
    http()
        .patch(
            "/v1/leads/" + id,
            "{\"followUpStep\":9,\"followUpConfig\":{\"9\":{\"hours\":100,\"channel\":\"text\"}}}");
    JsonNode both = get(id);
    assertThat(both.get("followUpStep").asInt()).isEqualTo(9);
    assertThat(due(both))
        .isCloseTo(now.plus(Duration.ofHours(100)), within(10, ChronoUnit.SECONDS));

    http().patch("/v1/leads/" + id, "{\"followUpStep\":-1}");
    JsonNode stopped = get(id);
    assertThat(stopped.get("followUpStatus").asText()).isEqualTo("STOPPED");
    assertThat(stopped.get("nextFollowUpAt").isNull()).isTrue();

    now = Instant.now();
    http().patch("/v1/leads/" + id, "{\"followUpStep\":-2}");
    JsonNode longTerm = get(id);
    assertThat(longTerm.get("followUpStatus").asText()).isEqualTo("LONG_TERM");
    assertThat(due(longTerm))
        .isCloseTo(now.plus(Duration.ofDays(30)), within(10, ChronoUnit.SECONDS));
    assertThat(workflowState(id).followUpStatus().name()).isEqualTo("LONG_TERM");
  }

  @Test
  void aPatchRepeatedWithTheSameIdempotencyKeyIsAppliedOnce() throws Exception {
    String id = create(CONFIG);
    Reply first = http().patch("/v1/leads/" + id, "{\"followUpStep\":2}", "retry-me");
    String due = get(id).get("nextFollowUpAt").asText();
    Thread.sleep(50); // the repeat arrives later: a reset would move the due instant
    Reply repeat = http().patch("/v1/leads/" + id, "{\"followUpStep\":2}", "retry-me");

    assertThat(first.status()).isEqualTo(200);
    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(get(id).get("nextFollowUpAt").asText()).isEqualTo(due);
    assertThat(workflowState(id).changeSeq()).isEqualTo(2);

    Reply reused = http().patch("/v1/leads/" + id, "{\"followUpStep\":3}", "retry-me");
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.message()).startsWith("Idempotency-Key:");
  }

  @Test
  void theSamePatchSentAgainLaterWithoutAKeyIsAppliedAgain() throws Exception {
    String id = create(CONFIG);
    http().patch("/v1/leads/" + id, "{\"followUpStep\":2}");
    String firstDue = get(id).get("nextFollowUpAt").asText();
    Thread.sleep(50);
    http().patch("/v1/leads/" + id, "{\"followUpStep\":2}");

    assertThat(workflowState(id).changeSeq()).isEqualTo(3);
    assertThat(Instant.parse(get(id).get("nextFollowUpAt").asText()))
        .isAfter(Instant.parse(firstDue));
  }

  @Test
  void aRejectedUpdateLeavesTheStoredLeadAndTheWorkflowUnchanged() {
    String id = create(CONFIG + ",\"additionalInfo\":{\"keep\":1}");
    JsonNode stored = get(id);
    FollowUpState workflow = workflowState(id);

    Reply rejected =
        http()
            .patch(
                "/v1/leads/" + id,
                "{\"followUpConfig\":{\"5\":{\"hours\":1,\"channel\":\"text\"}},\"additionalInfo\":{\"lost\":true}}");

    assertThat(rejected.status()).isEqualTo(400);
    assertThat(get(id)).isEqualTo(stored);
    assertThat(workflowState(id)).isEqualTo(workflow);
  }

  @Test
  void twentyParallelPatchesToOneLeadAllLandInOrder() throws Exception {
    String id = create(CONFIG);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String body =
          "{\"additionalInfo\":{\"k" + i + "\":" + i + "},\"followUpStep\":" + (1 + i % 3) + "}";
      replies.add(pool.submit(() -> http().patch("/v1/leads/" + id, body)));
    }
    for (Future<Reply> reply : replies) {
      assertThat(reply.get().status()).isEqualTo(200);
    }
    pool.shutdown();

    JsonNode lead = get(id);
    for (int i = 0; i < 20; i++) {
      assertThat(lead.get("additionalInfo").get("k" + i).asInt()).isEqualTo(i);
    }
    FollowUpState workflow = workflowState(id);
    assertThat(workflow.changeSeq()).isEqualTo(21);
    assertThat(lead.get("followUpStep").asInt()).isEqualTo(workflow.followUpStep());
    assertThat(Instant.parse(lead.get("nextFollowUpAt").asText()))
        .isEqualTo(workflow.nextFollowUpAt());
    assertThat(storedProjection(id)).isEqualTo(workflow);
  }

  @Test
  void aDueStepSendsAndItsMessageEventAppearsAfterTheChange() {
    String id =
        create(
            "\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"text\"},"
                + "\"2\":{\"hours\":100,\"channel\":\"email\"}}");
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800)); // 0.0005 h: step 1 falls due

    JsonNode events =
        Poll.until(
            Duration.ofSeconds(20),
            () -> http().get("/v1/leads/" + id + "/events").body().get("events"),
            e -> e.size() >= 2);

    assertThat(events.get(0).get("type").asText()).isEqualTo("FOLLOW_UP_CHANGED");
    JsonNode message = events.get(1);
    assertThat(message.get("type").asText()).isEqualTo("MESSAGE");
    assertThat(message.get("data").get("followUpStep").asInt()).isEqualTo(1);
    assertThat(message.get("data").get("channel").asText()).isEqualTo("text");
    assertThat(message.get("data").get("status").asText()).isEqualTo("SENT");
    assertThat(message.get("data").get("content").get("text").asText()).contains("Ada");
    Instant.parse(message.get("timestamp").asText());
    // the workflow stored the step it moved on to
    JsonNode lead =
        Poll.until(Duration.ofSeconds(10), () -> get(id), l -> l.get("followUpStep").asInt() == 2);
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(http().get("/v1/leads/" + id).raw().body()).contains("\"hours\":0.0005,");

    Reply onlyMessages = http().get("/v1/leads/" + id + "/events?types=MESSAGE");
    assertThat(onlyMessages.body().get("events")).hasSize(1);
    Reply firstPage = http().get("/v1/leads/" + id + "/events?limit=1");
    assertThat(firstPage.body().get("events")).hasSize(1);
    String token = firstPage.body().get("nextToken").asText();
    Reply secondPage = http().get("/v1/leads/" + id + "/events?limit=1&nextToken=" + token);
    assertThat(secondPage.body().get("events").get(0).get("type").asText()).isEqualTo("MESSAGE");
    assertThat(http().get("/v1/leads/" + id + "/events?types=SMS").status()).isEqualTo(400);
  }

  private static Instant due(JsonNode lead) {
    return Instant.parse(lead.get("nextFollowUpAt").asText());
  }

  private FollowUpState storedProjection(String id) throws Exception {
    try (var connection =
            java.sql.DriverManager.getConnection(TestDatabases.url(DB), TestDatabases.USER, "");
        var statement =
            connection.prepareStatement("SELECT follow_up_state FROM leads WHERE id = ?")) {
      statement.setString(1, id);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return JacksonJsonPayloadConverter.newDefaultObjectMapper()
            .readValue(rows.getString(1), FollowUpState.class);
      }
    }
  }
}

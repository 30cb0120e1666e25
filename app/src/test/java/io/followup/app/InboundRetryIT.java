package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An inbound text whose workflow could not be told (Temporal unreachable) is not lost: the stored
 * opt-out decides every send meanwhile, and the workflow learns the text later. Two API processes
 * on one database: {@code down} cannot reach Temporal (it records the text, answers 200, and its
 * workflow update fails), {@code main} runs the workflows and the workers. Both run on clocks the
 * test moves: {@code main}'s step falls due, and its sweeper finds the text old enough, at once.
 */
class InboundRetryIT {
  private static final String TOKEN = "inbound-retry-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TWILIO_API = "/2010-04-01/Accounts/" + ACCOUNT;

  private final String db = TestDatabases.create();
  private final WireMockServer twilio = new WireMockServer(options().dynamicPort());
  private final List<DropwizardTestSupport<FollowUpConfiguration>> apps = new ArrayList<>();

  @BeforeEach
  void startTwilio() {
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(TWILIO_API + "/Messages.json"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"SMretry0001\",\"status\":\"queued\"}")));
  }

  @AfterEach
  void stop() {
    // the last started first: each app puts back the overrides it found, so stopping in start
    // order would leave the first app's in force for the next class (DwPropertiesGuard)
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).after();
    }
    twilio.stop();
    TestDatabases.drop(db);
  }

  private Http start(String retryEvery, ConfigOverride... more) throws Exception {
    List<ConfigOverride> overrides =
        new ArrayList<>(
            List.of(
                ConfigOverride.config("database.url", TestDatabases.url(db)),
                ConfigOverride.config("providers.text", "twilio"),
                ConfigOverride.config("providers.twilio.accountSid", ACCOUNT),
                ConfigOverride.config("providers.twilio.authToken", TOKEN),
                ConfigOverride.config("providers.twilio.fromNumber", "+15005550006"),
                ConfigOverride.config("providers.twilio.apiBaseUrl", twilio.baseUrl()),
                ConfigOverride.config("conversations.publicBaseUrl", PUBLIC),
                ConfigOverride.config("conversations.inboundRetryEvery", retryEvery)));
    overrides.addAll(List.of(more));
    DropwizardTestSupport<FollowUpConfiguration> app =
        new DropwizardTestSupport<>(
            AppOnTestClock.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            overrides.toArray(ConfigOverride[]::new));
    apps.add(app); // stopped (its overrides put back) even when its start fails
    app.before();
    return new Http(app.getLocalPort());
  }

  /** The first process started: {@code main}. */
  private AppOnTestClock main() {
    return (AppOnTestClock) apps.get(0).getApplication();
  }

  /**
   * An API process that cannot reach Temporal; started after {@code main} (the overrides are system
   * properties while an app runs: a later app would inherit these).
   */
  private Http down() throws Exception {
    return start(
        "1h",
        ConfigOverride.config("temporal.embedded", "false"),
        ConfigOverride.config("temporal.target", "127.0.0.1:1"),
        // it fails either way: at once (connection refused) or at this deadline
        ConfigOverride.config("temporal.updateTimeout", "500ms"),
        ConfigOverride.config("worker.roles", ""));
  }

  static String sign(String url, Map<String, String> params) {
    return TwilioCallbacks.sign(TOKEN, url, params);
  }

  /** The answer's status (TwiML, no JSON). */
  private static int inbound(Http http, String from, String body) throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    params.put("From", from);
    params.put("To", "+15005550006");
    params.put("Body", body);
    String path = "/v1/webhooks/twilio/sms";
    String form =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        http.request(path, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", sign(PUBLIC + path, params))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String create(Http http, String phone, String extra) {
    Reply created = http.post("/v1/leads/create", lead(phone, extra));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return created.body().get("id").asText();
  }

  private static List<JsonNode> events(Http http, String id, String types) {
    List<JsonNode> events = new ArrayList<>();
    http.get("/v1/leads/" + id + "/events?types=" + types)
        .body()
        .get("events")
        .forEach(events::add);
    return events;
  }

  private long untold(String leadId) {
    try (Connection c = DriverManager.getConnection(TestDatabases.url(db), "postgres", "");
        PreparedStatement q =
            c.prepareStatement(
                "SELECT COUNT(*) FROM inbound_messages WHERE lead_id = ? AND workflow_pending")) {
      q.setString(1, leadId);
      try (ResultSet rows = q.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aStartWhoseWorkflowUpdateFailedStillLetsTheNextTextGo() throws Exception {
    Http main = start("1h");
    Http down = down();
    String phone = "+15550177001";
    String id =
        create(main, phone, "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");
    assertThat(inbound(main, phone, "STOP")).isEqualTo(200);
    assertThat(main.get("/v1/leads/" + id).body().get("isUnsubscribed").asBoolean()).isTrue();

    // START reaches the database, not the workflow (which still thinks the lead opted out)
    assertThat(inbound(down, phone, "START")).isEqualTo(200);
    assertThat(main.get("/v1/leads/" + id).body().get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(untold(id)).isEqualTo(1);

    // the next text goes: the stored flag decides, not the workflow's view
    assertThat(
            main.patch(
                    "/v1/leads/" + id,
                    "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1}")
                .status())
        .isEqualTo(200);
    main().advance(Duration.ofMillis(1_080)); // 0.0003 h: step 1 falls due
    List<JsonNode> sent =
        Poll.until(
            Duration.ofSeconds(30),
            () -> events(main, id, "MESSAGE,COMPLIANCE_BLOCKED"),
            l -> !l.isEmpty());
    assertThat(sent.get(0).get("type").asText()).isEqualTo("MESSAGE");
    assertThat(sent.get(0).at("/data/status").asText()).isEqualTo("SENT");

    // sendMessage: the workflow's stale opt-out is no 409 either
    Reply message = main.post("/v1/leads/" + id + "/sendMessage", "{\"message\":\"hello again\"}");
    assertThat(message.status()).as(message.body().toString()).isEqualTo(200);
    Poll.until(
        Duration.ofSeconds(30),
        () -> events(main, id, "MESSAGE"),
        l -> l.stream().anyMatch(e -> !e.at("/data/isFollowUp").asBoolean(true)));
  }

  @Test
  void aReplyWhoseWorkflowUpdateFailedReachesTheWorkflowLater() throws Exception {
    Http main = start("300ms");
    Http down = down();
    String phone = "+15550177002";
    String id =
        create(main, phone, "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");
    assertThat(main.get("/v1/leads/" + id).body().get("followUpStatus").asText())
        .isEqualTo("SCHEDULED");

    assertThat(inbound(down, phone, "Sounds good")).isEqualTo(200);
    assertThat(main.get("/v1/leads/" + id).body().get("hasReplied").asBoolean()).isTrue();

    // once the text is older than the sweeper's grace (2 s), the main process's sweeper tells the
    // workflow: the follow-ups stop
    main().advance(Duration.ofSeconds(2));
    JsonNode after =
        Poll.until(
            Duration.ofSeconds(30),
            () -> main.get("/v1/leads/" + id).body(),
            l -> l.get("followUpStatus").asText().equals("REPLIED"));
    assertThat(after.get("nextFollowUpAt").isNull()).isTrue();
    Poll.until(Duration.ofSeconds(10), () -> untold(id), n -> n == 0);
  }
}

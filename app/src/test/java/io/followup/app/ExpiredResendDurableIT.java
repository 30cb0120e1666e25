package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.followup.api.core.ExpiredTextResends;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expired text's one re-send is durable (SPEC "Compliance", delivery inside the window;
 * docs/DECISIONS.md "The expired re-send, durable"): stored with the {@code EXPIRED} status, handed
 * to the workflow after the commit, and swept when that hand-over did not happen. Two ways it was
 * lost before: the callback reached an API process that could not reach Temporal, and the callback
 * came before the send was completed in the ledger. Both run on clocks the test moves, in the
 * lead's window (12:xx in its zone: {@link ExpiredTextIT#ZONE}).
 */
class ExpiredResendDurableIT {
  private static final String TOKEN = "expired-resend-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

  private final String db = TestDatabases.create();
  private final WireMockServer twilio = new WireMockServer(options().dynamicPort());
  private final List<DropwizardTestSupport<FollowUpConfiguration>> apps = new ArrayList<>();
  private final Map<Http, Integer> ports = new java.util.IdentityHashMap<>();

  /** The first text is SMfirst, every later one SMagain. */
  @BeforeEach
  void startTwilio() {
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("texts")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("again")
            .willReturn(created("SMfirst")));
    twilio.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("texts")
            .whenScenarioStateIs("again")
            .willReturn(created("SMagain")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(
      String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}");
  }

  @AfterEach
  void stop() {
    // the last started first: each app puts back the overrides it found (DwPropertiesGuard)
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).after();
    }
    twilio.stop();
    TestDatabases.drop(db);
  }

  private Http start(ConfigOverride... more) throws Exception {
    List<ConfigOverride> overrides =
        new ArrayList<>(
            List.of(
                ConfigOverride.config("database.url", TestDatabases.url(db)),
                ConfigOverride.config("followUp.sendingWindowStart", "08:00"),
                ConfigOverride.config("followUp.sendingWindowEnd", "21:00"),
                ConfigOverride.config("providers.text", "twilio"),
                ConfigOverride.config("providers.twilio.accountSid", ACCOUNT),
                ConfigOverride.config("providers.twilio.authToken", TOKEN),
                ConfigOverride.config("providers.twilio.fromNumber", "+15005550006"),
                ConfigOverride.config("providers.twilio.apiBaseUrl", twilio.baseUrl()),
                ConfigOverride.config("conversations.publicBaseUrl", PUBLIC),
                // the sweeper of the main process runs often (its grace is on the app's clock)
                ConfigOverride.config("conversations.inboundRetryEvery", "200ms")));
    overrides.addAll(List.of(more));
    DropwizardTestSupport<FollowUpConfiguration> app =
        new DropwizardTestSupport<>(
            AppOnTestClock.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            overrides.toArray(ConfigOverride[]::new));
    apps.add(app); // stopped (its overrides put back) even when its start fails
    app.before();
    Http http = new Http(app.getLocalPort());
    ports.put(http, app.getLocalPort());
    return http;
  }

  /** The first process started: it runs the workflows and the workers. */
  private AppOnTestClock main() {
    return (AppOnTestClock) apps.get(0).getApplication();
  }

  /** An API process that cannot reach Temporal (started after the main one). */
  private Http down() throws Exception {
    return start(
        ConfigOverride.config("temporal.embedded", "false"),
        ConfigOverride.config("temporal.target", "127.0.0.1:1"),
        ConfigOverride.config("temporal.updateTimeout", "500ms"),
        ConfigOverride.config("conversations.inboundRetryEvery", "1h"),
        ConfigOverride.config("worker.roles", ""));
  }

  private String create(Http http, String phone) {
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                phone,
                "\"timezone\":\""
                    + ExpiredTextIT.ZONE.getId()
                    + "\",\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                    + "\"followUpStep\":1"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return created.body().get("id").asText();
  }

  private List<LoggedRequest> texts() {
    return twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
  }

  private static List<JsonNode> events(Http http, String id, String types) {
    List<JsonNode> events = new ArrayList<>();
    http.get("/v1/leads/" + id + "/events?types=" + types)
        .body()
        .get("events")
        .forEach(events::add);
    return events;
  }

  private Reply expired(Http http, String sid) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", sid);
    params.put("MessageStatus", "undelivered");
    params.put("ErrorCode", "30036");
    return new TwilioCallbacks(ports.get(http), TOKEN, PUBLIC)
        .post("/v1/webhooks/twilio/status", params);
  }

  /** The lead's stored re-sends: how many, and how many its workflow accepted. */
  private long[] resends(String leadId) {
    try (Connection c = DriverManager.getConnection(TestDatabases.url(db), "postgres", "");
        PreparedStatement q =
            c.prepareStatement(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE accepted) FROM lead_messages"
                    + " WHERE lead_id = ? AND idempotency_key LIKE 'resend:%'")) {
      q.setString(1, leadId);
      try (ResultSet rows = q.executeQuery()) {
        rows.next();
        return new long[] {rows.getLong(1), rows.getLong(2)};
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The first text went (SMfirst), through the main process's worker, and is in the ledger. */
  private void firstTextGoes(Http http, String id) {
    main().advance(Duration.ofMillis(1_080));
    Poll.until(Duration.ofSeconds(30), this::texts, l -> l.size() == 1);
    Poll.until(
        Duration.ofSeconds(30),
        () -> events(http, id, "MESSAGE"),
        l -> l.size() == 1 && l.get(0).at("/data/status").asText().equals("SENT"));
  }

  /** Lets the main process's sweeper find what is stored (its grace is a minute) and send it. */
  private void secondTextGoes() {
    main().advance(ExpiredTextResends.GRACE.plusMinutes(1));
    Poll.until(Duration.ofSeconds(30), this::texts, l -> l.size() == 2);
    assertThat(texts().get(1).formParameter("Body").firstValue())
        .isEqualTo(texts().get(0).formParameter("Body").firstValue());
  }

  /** An hour and Twilio's repeats later: still two texts. */
  private void neverAThird(Http http, String id) {
    assertThat(expired(http, "SMfirst").status()).isEqualTo(200);
    main().advance(Duration.ofHours(1));
    Poll.until(Duration.ofSeconds(30), () -> resends(id), r -> r[1] == 1);
    assertThat(texts()).hasSize(2);
    assertThat(resends(id)).containsExactly(1, 1);
  }

  @Test
  void aCallbackWhileTemporalIsDownIsSentAgainOnceTemporalAnswers() throws Exception {
    Http main = start();
    Http down = down();
    String id = create(main, "+15550219001");
    firstTextGoes(main, id);

    // the expiry reaches the process that cannot reach Temporal: recorded, and the re-send stored
    assertThat(expired(down, "SMfirst").status()).isEqualTo(200);
    assertThat(events(main, id, "DELIVERY_STATUS").get(0).at("/data/status").asText())
        .isEqualTo("EXPIRED");
    assertThat(resends(id)).containsExactly(1, 0);
    // Twilio repeats it: recorded already, nothing more stored
    assertThat(expired(down, "SMfirst").status()).isEqualTo(200);
    assertThat(resends(id)).containsExactly(1, 0);

    // the main process's sweeper hands it over: the text goes again
    secondTextGoes();
    neverAThird(main, id);
  }

  @Test
  void aCallbackBeforeTheSendIsCompletedIsSentAgainOnce() throws Exception {
    Http main = start();
    String id = create(main, "+15550219002");
    // Twilio's callback comes before the send is in the ledger: kept
    assertThat(expired(main, "SMfirst").status()).isEqualTo(200);
    assertThat(events(main, id, "DELIVERY_STATUS")).isEmpty();

    // the send's completion records the kept EXPIRED and stores the re-send
    firstTextGoes(main, id);
    Poll.until(
        Duration.ofSeconds(30),
        () -> events(main, id, "DELIVERY_STATUS"),
        l -> l.size() == 1 && l.get(0).at("/data/status").asText().equals("EXPIRED"));
    assertThat(resends(id)[0]).isEqualTo(1);

    secondTextGoes();
    neverAThird(main, id);
  }
}

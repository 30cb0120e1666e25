package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.JarTemporal;
import io.followup.app.support.Poll;
import io.followup.app.support.Ports;
import io.followup.store.support.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with real providers on every channel: {@code TEXT_PROVIDER=twilio} and {@code
 * CALL_PROVIDER=twilio} with {@code TWILIO_API_BASE_URL} at a WireMock double of Twilio's REST API,
 * {@code EMAIL_PROVIDER=smtp} with {@code SMTP_HOST} at GreenMail (with a login). The README's
 * walkthrough (create, then a PATCH with a new config due at once) runs end to end: the text and
 * the call reach the Twilio double as its API requests, the email reaches the mailbox, the events
 * say so, and the log carries neither the token, the SMTP password nor the lead's number or
 * address.
 */
class RealChannelsJarIT {
  private static final Path JAR = Path.of("target", "followup.jar");
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "jar-test-token";
  private static final String SMTP_PASSWORD = "pw-7f3e9a";
  private static final String BASE = "/2010-04-01/Accounts/" + ACCOUNT;

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay", SMTP_PASSWORD));

  @TempDir Path dataDir;
  private final WireMockServer twilio = new WireMockServer(options().dynamicPort());
  private final WebhookReceiver webhooks = new WebhookReceiver();
  private Process process;
  private JarTemporal temporal;

  @BeforeEach
  void twilioDouble() {
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Messages.json"))
            .willReturn(json(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}")));
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Calls.json"))
            .willReturn(json(201, "{\"sid\":\"CA1\",\"status\":\"queued\"}")));
    // answered by a person; once the script is handed over the call ends (as its TwiML does)
    twilio.stubFor(
        get(urlEqualTo(BASE + "/Calls/CA1.json"))
            .inScenario("call")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                    200,
                    "{\"sid\":\"CA1\",\"status\":\"in-progress\",\"answered_by\":\"human\"}")));
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Calls/CA1.json"))
            .inScenario("call")
            .willSetStateTo("spoken")
            .willReturn(json(200, "{\"sid\":\"CA1\",\"status\":\"in-progress\"}")));
    twilio.stubFor(
        get(urlEqualTo(BASE + "/Calls/CA1.json"))
            .inScenario("call")
            .whenScenarioStateIs("spoken")
            .willReturn(
                json(
                    200,
                    "{\"sid\":\"CA1\",\"status\":\"completed\",\"answered_by\":\"human\","
                        + "\"duration\":\"21\"}")));
  }

  private static JsonNode read(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @AfterEach
  void stop() {
    if (temporal != null) {
      temporal.close();
    }
    if (process != null) {
      process.destroyForcibly();
    }
    twilio.stop();
    webhooks.close();
  }

  @Test
  void theWalkthroughReachesTwilioAndTheMailServer() throws Exception {
    Path log = dataDir.resolve("out.log");
    Http http = start(log);

    // the README walkthrough: create, then a new config whose steps come due at once
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 555 555 5555",
                "\"email\":\"ada@example.com\",\"timezone\":\"America/New_York\","
                    + "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}"));
    assertThat(created.status()).isEqualTo(200);
    String id = created.body().get("id").asText();
    Reply updated =
        http.patch(
            "/v1/leads/" + id,
            "{\"followUpStep\":1,\"followUpConfig\":{"
                + "\"1\":{\"hours\":0.0005,\"channel\":\"text\"},"
                + "\"2\":{\"hours\":0.0005,\"channel\":\"call\",\"voicemailEnabled\":true},"
                + "\"3\":{\"hours\":0.0005,\"channel\":\"email\"}},"
                + "\"additionalInfo\":{\"company\":\"Acme\"}}");
    assertThat(updated.status()).isEqualTo(200);

    // each step is due 0.0005 h after the one before: the test lets that time pass on the jar's
    // Temporal service (a skip waits for a running activity to finish first)
    JsonNode events =
        Poll.until(
            Duration.ofSeconds(90),
            () -> {
              temporal.skip(Duration.ofMillis(1_800));
              return http.get("/v1/leads/" + id + "/events?types=MESSAGE,CALL,EMAIL")
                  .body()
                  .get("events");
            },
            e -> e != null && e.size() == 3);
    // each event's own type (findValuesAsText would find its actor's too)
    List<String> types = new ArrayList<>();
    events.forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsExactly("MESSAGE", "CALL", "EMAIL");
    assertThat(events.findValuesAsText("status")).containsExactly("SENT", "ANSWERED", "SENT");

    BasicCredentials auth = new BasicCredentials(ACCOUNT, TOKEN);
    twilio.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Messages.json"))
            .withBasicAuth(auth)
            .withFormParam("To", equalTo("+15555555555"))
            .withFormParam("From", equalTo("+15005550006"))
            .withFormParam("Body", containing("Ada")));
    twilio.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls.json"))
            .withBasicAuth(auth)
            .withFormParam("To", equalTo("+15555555555"))
            .withFormParam("MachineDetection", equalTo("DetectMessageEnd")));
    twilio.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA1.json"))
            .withFormParam("Twiml", containing("<Say>")));

    // Apten's call.completed: the call's SID and the duration Twilio reported when it ended
    JsonNode callCompleted =
        Poll.until(
            Duration.ofSeconds(30),
            () ->
                webhooks.received().stream()
                    .map(r -> read(r.body()))
                    .filter(w -> "call.completed".equals(w.path("event").asText()))
                    .findFirst()
                    .orElse(null),
            w -> w != null);
    assertThat(callCompleted.get("data").get("callId").asText()).isEqualTo("CA1");
    assertThat(callCompleted.get("data").get("durationSeconds").asInt()).isEqualTo(21);
    assertThat(callCompleted.get("data").get("direction").asText()).isEqualTo("OUTBOUND");

    assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
    assertThat(mails[0].getSubject()).isEqualTo("Following up, Ada");
    assertThat(mails[0].getMessageID()).endsWith("@followup.example>");

    String out = Files.readString(log);
    assertThat(out)
        .contains("email provider: smtp 127.0.0.1:")
        .contains("SM1")
        .doesNotContain(TOKEN)
        .doesNotContain(SMTP_PASSWORD)
        .doesNotContain("5555555555")
        .doesNotContain("ada@example.com")
        .doesNotContain("Lovelace");
  }

  private Http start(Path log) throws Exception {
    int port = Ports.free();
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", JAR.toString(), "embedded")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("DATA_DIR", dataDir.toString());
    env.put("PORT", Integer.toString(port));
    env.put("ADMIN_PORT", Integer.toString(Ports.free()));
    int temporalPort = Ports.free();
    env.put("TEMPORAL_PORT", Integer.toString(temporalPort));
    env.put("API_KEYS", "real-channels-key");
    // the walkthrough must not depend on the hour it runs at: no sending window
    env.put("SENDING_WINDOW_START", "00:00");
    env.put("SENDING_WINDOW_END", "24:00");
    env.put("TEXT_PROVIDER", "twilio");
    env.put("CALL_PROVIDER", "twilio");
    env.put("TWILIO_ACCOUNT_SID", ACCOUNT);
    env.put("TWILIO_AUTH_TOKEN", TOKEN);
    env.put("TWILIO_FROM_NUMBER", "+15005550006");
    env.put("TWILIO_API_BASE_URL", twilio.baseUrl());
    env.put("WEBHOOK_URLS", webhooks.url());
    env.put("WEBHOOK_SECRET", "real-channels-webhook-secret");
    env.put("EMAIL_PROVIDER", "smtp");
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
    env.put("SMTP_TLS", "none");
    env.put("SMTP_USERNAME", "relay");
    env.put("SMTP_PASSWORD", SMTP_PASSWORD);
    env.put("EMAIL_FROM", "Sales <sales@followup.example>");
    process = builder.start();
    Http http = new Http(port, "real-channels-key");
    // the start takes 10-40 s, longer on a loaded machine right after other jar runs
    Poll.until(Duration.ofSeconds(120), http::answers, ok -> ok);
    temporal = new JarTemporal(temporalPort);
    return http;
  }
}

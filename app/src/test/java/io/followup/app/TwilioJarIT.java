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
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with {@code TEXT_PROVIDER=twilio} and {@code CALL_PROVIDER=twilio}, {@code
 * TWILIO_API_BASE_URL} at a WireMock double: a text step and a call step reach the double as
 * Twilio's API requests, and the log shows neither the token nor the lead's number.
 */
class TwilioJarIT {
  private static final Path JAR = Path.of("target", "followup.jar");
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "jar-test-token";
  private static final String BASE = "/2010-04-01/Accounts/" + ACCOUNT;

  @TempDir Path dataDir;
  private final WireMockServer twilio = new WireMockServer(options().dynamicPort());
  private Process process;

  @BeforeEach
  void twilioDouble() {
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Messages.json"))
            .willReturn(json(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}")));
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Calls.json"))
            .willReturn(json(201, "{\"sid\":\"CA1\",\"status\":\"queued\"}")));
    twilio.stubFor(
        get(urlEqualTo(BASE + "/Calls/CA1.json"))
            .willReturn(
                json(
                    200,
                    "{\"sid\":\"CA1\",\"status\":\"in-progress\",\"answered_by\":\"human\"}")));
    twilio.stubFor(
        post(urlEqualTo(BASE + "/Calls/CA1.json"))
            .willReturn(json(200, "{\"sid\":\"CA1\",\"status\":\"in-progress\"}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
    twilio.stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aTextAndACallGoThroughTheTwilioDouble() throws Exception {
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", JAR.toString(), "embedded")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("out.log").toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("ADMIN_PORT", Integer.toString(freePort()));
    builder.environment().remove("API_KEYS");
    builder.environment().put("SENDING_WINDOW_START", "00:00");
    builder.environment().put("SENDING_WINDOW_END", "24:00");
    builder.environment().put("TEXT_PROVIDER", "twilio");
    builder.environment().put("CALL_PROVIDER", "twilio");
    builder.environment().put("TWILIO_ACCOUNT_SID", ACCOUNT);
    builder.environment().put("TWILIO_AUTH_TOKEN", TOKEN);
    builder.environment().put("TWILIO_FROM_NUMBER", "+15005550006");
    builder.environment().put("TWILIO_API_BASE_URL", twilio.baseUrl());
    process = builder.start();
    Path keyFile = dataDir.resolve("api-key");
    // the start takes 10-40 s, longer on a loaded machine right after other jar runs
    Poll.until(Duration.ofSeconds(120), () -> Files.exists(keyFile), ok -> ok);
    Http http = new Http(port, Files.readString(keyFile).strip());
    Poll.until(Duration.ofSeconds(120), () -> alive(http), ok -> ok);

    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 555 555 5555",
                "\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"text\"},"
                    + "\"2\":{\"hours\":0.0005,\"channel\":\"call\"}}"));
    assertThat(created.status()).isEqualTo(200);
    String id = created.body().get("id").asText();

    JsonNode events =
        Poll.until(
            Duration.ofSeconds(60),
            () -> http.get("/v1/leads/" + id + "/events?types=MESSAGE,CALL").body().get("events"),
            e -> e != null && e.size() == 2);
    assertThat(events.findValuesAsText("type")).containsExactlyInAnyOrder("MESSAGE", "CALL");
    assertThat(events.toString())
        .contains("\"status\":\"SENT\"")
        .contains("\"status\":\"ANSWERED\"");

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

    String log = Files.readString(dataDir.resolve("out.log"));
    assertThat(log).doesNotContain(TOKEN).doesNotContain("5555555555").contains("SM1");
  }

  private static boolean alive(Http http) {
    try {
      return http.get("/v1/leads?limit=1").status() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }
}

package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
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
 * SPEC "Compliance", the external check, through the running application (failure mode block): the
 * middleware allows one lead's text, refuses another's with its reason ({@code COMPLIANCE_BLOCKED},
 * {@code source: http}), and does not answer for a third (blocked as the mode says); the verdicts
 * are on the admin port's metrics. The failure modes each way are {@code ComplianceCheckTest}'s.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ComplianceCheckIT {
  private static final String DB = TestDatabases.create();
  private static final WireMockServer MIDDLEWARE = middleware();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("webhooks.secret", "compliance-it-secret"),
          ConfigOverride.config("complianceCheck.url", MIDDLEWARE.baseUrl() + "/check"),
          ConfigOverride.config("complianceCheck.failureMode", "block"),
          // the "down" lead's middleware answers 500 at once; the allowed lead's first answer comes
          // from a cold WireMock, which a loaded machine can hold for seconds
          ConfigOverride.config("complianceCheck.timeoutMs", "30000"));

  /** +1555023 0001 allowed, 0002 refused, 0003 answered with an error. */
  private static WireMockServer middleware() {
    WireMockServer server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(
        post(urlEqualTo("/check"))
            .withRequestBody(containing("+15550230001"))
            .willReturn(json(200, "{\"allowed\": true}")));
    server.stubFor(
        post(urlEqualTo("/check"))
            .withRequestBody(containing("+15550230002"))
            .willReturn(json(200, "{\"allowed\": false, \"reason\": \"STATE_DNC\"}")));
    server.stubFor(
        post(urlEqualTo("/check"))
            .withRequestBody(containing("+15550230003"))
            .willReturn(json(500, "{}")));
    return server;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @AfterAll
  static void cleanUp() {
    MIDDLEWARE.stop();
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String phone) {
    Reply reply =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    phone,
                    "\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1"));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private List<JsonNode> events(String id) {
    Reply reply = http().get("/v1/leads/" + id + "/events?types=MESSAGE,COMPLIANCE_BLOCKED");
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  private static String scrape() {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void allowedDeniedAndDown() {
    String allowed = create("+15550230001");
    String denied = create("+15550230002");
    String down = create("+15550230003");

    List<JsonNode> sent =
        Poll.until(
                Duration.ofSeconds(60),
                () -> {
                  AppOnTestClock.of(APP).advance(Duration.ofMillis(1_080));
                  return List.of(events(allowed), events(denied), events(down));
                },
                l -> l.stream().allMatch(e -> !e.isEmpty()))
            .stream()
            .map(e -> e.get(0))
            .toList();

    assertThat(sent.get(0).get("type").asText()).isEqualTo("MESSAGE");
    assertThat(sent.get(0).at("/data/status").asText()).isEqualTo("SENT");
    assertThat(sent.get(1).get("type").asText()).isEqualTo("COMPLIANCE_BLOCKED");
    assertThat(sent.get(1).at("/data/reason").asText()).isEqualTo("STATE_DNC");
    assertThat(sent.get(1).at("/data/source").asText()).isEqualTo("http");
    assertThat(sent.get(2).get("type").asText()).isEqualTo("COMPLIANCE_BLOCKED");
    assertThat(sent.get(2).at("/data/reason").asText()).isEqualTo("COMPLIANCE_CHECK_UNAVAILABLE");
    assertThat(sent.get(2).at("/data/source").asText()).isEqualTo("http");

    String text = scrape();
    assertThat(text)
        .contains("followup_compliance_checks_total{channel=\"text\",verdict=\"ALLOWED\"")
        .contains("followup_compliance_checks_total{channel=\"text\",verdict=\"DENIED\"")
        .contains("followup_compliance_checks_total{channel=\"text\",verdict=\"FAILED_BLOCKED\"");
  }
}

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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port's {@code /prometheus} after a walkthrough through HTTP: a lead created with a
 * 0-hour text step, its send, a read. Each series an operator's dashboard needs is there with the
 * labels it groups by, and no label carries a lead id.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MetricsIT {
  private static final String DB = TestDatabases.create();
  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  /** One sample line: {@code name{labels} value}. */
  record Sample(String name, Map<String, String> labels, double value) {
    boolean has(Map<String, String> wanted) {
      return labels.entrySet().containsAll(wanted.entrySet());
    }
  }

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> scrape() {
    try {
      return client.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Sample> samples(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a sample line: %s", line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return samples;
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.has(labels))
        .mapToDouble(Sample::value)
        .sum();
  }

  @Test
  void afterAWalkthroughTheScrapeHasTemporalHttpSendDueLagLeadAndWebhookSeries() {
    Http http = new Http(APP.getLocalPort());
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 (555) 020-0001",
                "\"followUpConfig\":{\"1\":{\"hours\":0,\"channel\":\"text\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    JsonNode events =
        Poll.until(
            Duration.ofSeconds(30),
            () -> http.get("/v1/leads/" + id + "/events?types=MESSAGE").body().get("events"),
            e -> e != null && e.size() == 1);
    assertThat(events.get(0).get("data").get("status").asText()).isEqualTo("SENT");
    assertThat(http.get("/v1/leads/" + id).status()).isEqualTo(200);
    assertThat(http.get("/v1/leads/no-such-lead").status()).isEqualTo(404);

    // the SDK's own series arrive with its next report (test-app.yml: every second)
    String text =
        Poll.until(
            Duration.ofSeconds(30),
            () -> scrape().body(),
            body -> body.contains("temporal_") && body.contains("followup_due_lag_seconds_count"));
    HttpResponse<String> response = scrape();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    List<Sample> samples = samples(text);

    // the Temporal SDK: client requests and the workers' polls, by namespace and operation
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).startsWith("temporal_request");
              assertThat(s.labels()).containsEntry("namespace", "default").containsKey("operation");
            });
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).startsWith("temporal_");
              assertThat(s.labels()).containsEntry("task_queue", "lead-followup-text");
            });

    // HTTP: by route template, method and status
    assertThat(
            value(
                samples,
                "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/v1/leads/create", "status", "200")))
        .isEqualTo(1);
    assertThat(
            value(
                samples,
                "http_server_requests_seconds_count",
                Map.of("method", "GET", "uri", "/v1/leads/{leadId}", "status", "200")))
        .isEqualTo(1);
    assertThat(
            value(
                samples,
                "http_server_requests_seconds_count",
                Map.of("method", "GET", "uri", "/v1/leads/{leadId}", "status", "404")))
        .isEqualTo(1);
    assertThat(
            value(
                samples,
                "http_server_requests_seconds_count",
                Map.of("uri", "/v1/leads/{leadId}/events", "status", "200")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            value(
                samples,
                "http_server_requests_seconds_bucket",
                Map.of("uri", "/v1/leads/create", "le", "+Inf")))
        .isEqualTo(1);

    // sends, compliance blocks, due lag, leads by status, webhooks
    assertThat(value(samples, "followup_sends_total", Map.of("channel", "text", "outcome", "SENT")))
        .isEqualTo(1);
    assertThat(samples)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isEqualTo(
                        new Sample(
                            "followup_compliance_blocks_total", Map.of("reason", "DAILY_CAP"), 0)));
    assertThat(value(samples, "followup_due_lag_seconds_count", Map.of("channel", "text")))
        .isEqualTo(1);
    assertThat(
            value(
                samples,
                "followup_due_lag_seconds_bucket",
                Map.of("channel", "text", "le", "30.0")))
        .as("handed over within 30 s of its due instant")
        .isEqualTo(1);
    // the only step ran: the lead is in long-term nurture now
    assertThat(
            Poll.until(
                Duration.ofSeconds(60),
                () ->
                    value(
                        samples(scrape().body()), "followup_leads", Map.of("status", "LONG_TERM")),
                n -> n == 1))
        .isEqualTo(1);
    assertThat(value(samples, "followup_leads", Map.of("status", "STOPPED"))).isZero();
    assertThat(value(samples, "followup_webhook_deliveries_total", Map.of("outcome", "delivered")))
        .isZero();
    assertThat(samples)
        .filteredOn(s -> s.name().equals("followup_webhook_deliveries_total"))
        .extracting(s -> s.labels().get("outcome"))
        .containsExactlyInAnyOrder("delivered", "failed");

    assertThat(text).as("no lead id in any label").doesNotContain(id);
  }
}

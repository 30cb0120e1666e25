package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Email opt-out through the whole app (SPEC "Conversations"): EMAIL_PROVIDER=smtp against
 * GreenMail, PUBLIC_BASE_URL set, UNSUBSCRIBE_SECRET not set (the database keeps a generated one),
 * WEBHOOK_URLS a local receiver. The links are taken from the received mails, as a mail client
 * would.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UnsubscribeIT {
  private static final String DB = TestDatabases.create();
  private static final String BASE = "https://followup.example.com";
  private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger LEADS = new AtomicInteger(100);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  static {
    MAIL.start();
  }

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("email.provider", "smtp"),
          ConfigOverride.config("email.host", "127.0.0.1"),
          ConfigOverride.config("email.port", () -> String.valueOf(MAIL.getSmtp().getPort())),
          ConfigOverride.config("email.tls", "none"),
          ConfigOverride.config("email.from", "Sales <sales@followup.example>"),
          ConfigOverride.config("conversations.publicBaseUrl", BASE + "/"),
          ConfigOverride.config("webhooks.urls", RECEIVER.url()),
          ConfigOverride.config("webhooks.secret", "unsubscribe-it-webhook-secret"),
          ConfigOverride.config("webhooks.pollEvery", "50ms"));

  @AfterAll
  static void stop() {
    MAIL.stop();
    RECEIVER.close();
    TestDatabases.drop(DB);
  }

  private static Http http() {
    return new Http(APP.getLocalPort());
  }

  /** A lead whose first step emails {@code address} within seconds; the second waits 100 h. */
  private static String createLead(String address) {
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    "+1 (555) 030-" + (1000 + LEADS.incrementAndGet()),
                    "\"email\":\""
                        + address
                        + "\",\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\"},"
                        + "\"2\":{\"hours\":100,\"channel\":\"email\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800)); // 0.0005 h: step 1 falls due
    return created.body().get("id").asText();
  }

  /** The mails GreenMail received for {@code address}, once {@code count} arrived. */
  private static List<MimeMessage> mailsTo(String address, int count) {
    return Poll.until(
        Duration.ofSeconds(20),
        () ->
            Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> recipient(m).equals(address))
                .toList(),
        l -> l.size() >= count);
  }

  private static String recipient(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The path of the mail's List-Unsubscribe link, checked to be under PUBLIC_BASE_URL. */
  private static String linkPath(MimeMessage message) throws Exception {
    String[] header = message.getHeader("List-Unsubscribe");
    assertThat(header).hasSize(1);
    assertThat(header[0]).startsWith("<" + BASE + "/v1/unsubscribe/").endsWith(">");
    assertThat(message.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    URI url = URI.create(header[0].substring(1, header[0].length() - 1));
    return url.getRawPath();
  }

  private static HttpResponse<String> page(String method, String path) {
    HttpRequest.Builder request = http().request(path, null);
    if (method.equals("POST")) {
      // what a mail client's one-click sends (RFC 8058)
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"));
    } else {
      request.GET();
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode leadView(String id) {
    Reply reply = http().get("/v1/leads/" + id);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  private static JsonNode events(String id, String types) {
    return http().get("/v1/leads/" + id + "/events?types=" + types).body().get("events");
  }

  private static List<JsonNode> optOutWebhooks(String leadId) {
    return RECEIVER.accepted().stream()
        .map(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .filter(b -> b.get("event").asText().equals("optOut"))
        .filter(b -> b.get("data").get("leadId").asText().equals(leadId))
        .toList();
  }

  @Test
  void theOneClickPostUnsubscribesFromEmailAndTheNextEmailIsBlocked() throws Exception {
    String address = "one-click@example.com";
    String id = createLead(address);
    String path = linkPath(mailsTo(address, 1).get(0));

    // GET: the confirmation page with its button; nothing changes (mail scanners fetch links)
    HttpResponse<String> confirm = page("GET", path);
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(confirm.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(confirm.body())
        .contains("<form method=\"post\">", "<button type=\"submit\">Unsubscribe</button>")
        .contains("o***@example.com")
        .doesNotContain(address, "Ada", "Lovelace");
    assertThat(page("GET", path).statusCode()).isEqualTo(200);
    assertThat(leadView(id).get("isEmailUnsubscribed").asBoolean()).isFalse();
    assertThat(events(id, "OPT_OUT")).isEmpty();

    // POST, as a mail client's one-click: unsubscribed
    HttpResponse<String> done = page("POST", path);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(done.body()).contains("You are unsubscribed");
    JsonNode lead = leadView(id);
    assertThat(lead.get("isEmailUnsubscribed").asBoolean()).isTrue();
    assertThat(lead.get("isUnsubscribed").asBoolean()).as("texts follow the SMS opt-out").isFalse();
    JsonNode optOut = events(id, "OPT_OUT");
    assertThat(optOut).hasSize(1);
    assertThat(optOut.get(0).get("data").get("channel").asText()).isEqualTo("email");
    assertThat(optOut.get(0).get("data").get("reason").asText()).isEqualTo("UNSUBSCRIBE_LINK");
    JsonNode hook =
        Poll.until(Duration.ofSeconds(20), () -> optOutWebhooks(id), l -> !l.isEmpty())
            .get(0)
            .get("data");
    assertThat(hook.get("channel").asText()).isEqualTo("email");
    assertThat(hook.get("optOutReason").asText()).isEqualTo("UNSUBSCRIBE_LINK");
    assertThat(hook.has("isTwilioOptOut")).isTrue();
    assertThat(hook.get("isTwilioOptOut").isNull()).as("Apten: null for email").isTrue();

    // idempotent: a second POST answers 200 and records nothing more; GET now says so
    assertThat(page("POST", path).statusCode()).isEqualTo(200);
    HttpResponse<String> after = page("GET", path);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).contains("You are unsubscribed").doesNotContain("<form");
    assertThat(events(id, "OPT_OUT")).hasSize(1);

    // the next email step comes due now: BLOCKED, nothing reaches the SMTP server
    Reply patched =
        http()
            .patch(
                "/v1/leads/" + id,
                "{\"followUpStep\":2,\"followUpConfig\":{"
                    + "\"1\":{\"hours\":0.0005,\"channel\":\"email\"},"
                    + "\"2\":{\"hours\":0,\"channel\":\"email\"}}}");
    assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
    JsonNode blocked =
        Poll.until(
            Duration.ofSeconds(20), () -> events(id, "COMPLIANCE_BLOCKED"), e -> e.size() == 1);
    assertThat(blocked.get(0).get("data").toString()).contains("unsubscribed from email");
    assertThat(mailsTo(address, 1)).hasSize(1);
    assertThat(optOutWebhooks(id)).hasSize(1);
  }

  @Test
  void tamperedLinksChangeNothing() throws Exception {
    String address = "tamper@example.com";
    String id = createLead(address);
    String other = createLead("someone-else@example.com");
    String path = linkPath(mailsTo(address, 1).get(0));
    String prefix = path.substring(0, path.lastIndexOf('/') + 1);
    String token = path.substring(prefix.length());
    String signature = token.substring(token.indexOf('.') + 1);

    String lastChanged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    String idChanged = (token.startsWith("M") ? "N" : "M") + token.substring(1);
    String otherLeadsId =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(other.getBytes(StandardCharsets.UTF_8))
            + "."
            + signature;
    String truncated = token.substring(0, token.length() - 5);
    String markup = "%3Cscript%3Ealert(%22x%22)%3Cscript%3E." + signature;

    for (String forged : List.of(lastChanged, idChanged, otherLeadsId, truncated, markup)) {
      for (String method : List.of("GET", "POST")) {
        HttpResponse<String> answer = page(method, prefix + forged);
        assertThat(answer.statusCode()).as("%s %s", method, forged).isIn(400, 404);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
            .as("%s %s", method, forged)
            .startsWith("text/html");
        assertThat(answer.body())
            .contains("This unsubscribe link is not valid")
            .doesNotContain("<script>", "Exception", "io.followup");
      }
    }
    assertThat(page("POST", prefix + otherLeadsId).statusCode()).isEqualTo(404);
    assertThat(page("POST", prefix + truncated).statusCode()).isEqualTo(400);

    for (String lead : List.of(id, other)) {
      assertThat(leadView(lead).get("isEmailUnsubscribed").asBoolean()).isFalse();
      assertThat(events(lead, "OPT_OUT")).isEmpty();
    }
    // the untouched link still works
    assertThat(page("POST", path).statusCode()).isEqualTo(200);
    assertThat(leadView(id).get("isEmailUnsubscribed").asBoolean()).isTrue();
    assertThat(leadView(other).get("isEmailUnsubscribed").asBoolean()).isFalse();
  }
}

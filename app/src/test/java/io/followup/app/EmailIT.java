package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An email step through the whole app: EMAIL_PROVIDER=smtp against GreenMail, an operator's HTML
 * template from TEMPLATES_DIR, the EMAIL event with the rendered content.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmailIT {
  private static final String DB = TestDatabases.create();
  private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Path TEMPLATES = templates();

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
          ConfigOverride.config("templates.dir", TEMPLATES.toString()));

  private static Path templates() {
    try {
      Path dir = Files.createTempDirectory("email-it-templates");
      Files.writeString(
          dir.resolve("email-html.mustache"),
          "<p>Hi {{firstName}} of {{additionalInfo.company}}</p>\n");
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    MAIL.stop();
    TestDatabases.drop(DB);
    Files.deleteIfExists(TEMPLATES.resolve("email-html.mustache"));
    Files.deleteIfExists(TEMPLATES);
  }

  @Test
  void aDueEmailStepReachesTheSmtpServerAndIsRecorded() throws Exception {
    Http http = new Http(APP.getLocalPort());
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 (555) 010-7001",
                "\"email\":\"ada@example.com\",\"additionalInfo\":{\"company\":\"Smith & Sons\"},"
                    + "\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\"},"
                    + "\"2\":{\"hours\":100,\"channel\":\"text\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800)); // 0.0005 h: step 1 falls due

    assertThat(MAIL.waitForIncomingEmail(20_000, 1)).as("an email arrived").isTrue();
    MimeMessage received = MAIL.getReceivedMessages()[0];
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
    assertThat(received.getSubject()).isEqualTo("Following up, Ada");
    // no PUBLIC_BASE_URL here: no link a mail client could reach, so no List-Unsubscribe headers
    assertThat(received.getHeader("List-Unsubscribe")).isNull();
    assertThat(received.getHeader("List-Unsubscribe-Post")).isNull();
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(((String) parts.getBodyPart(0).getContent())).startsWith("Hi Ada,");
    assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hi Ada of Smith &amp; Sons</p>");

    JsonNode events =
        Poll.until(
            Duration.ofSeconds(10),
            () -> http.get("/v1/leads/" + id + "/events?types=EMAIL").body().get("events"),
            e -> e.size() == 1);
    JsonNode data = events.get(0).get("data");
    assertThat(data.get("status").asText()).isEqualTo("SENT");
    assertThat(data.get("direction").asText()).isEqualTo("OUTBOUND");
    assertThat(data.get("deliveryChannel").asText()).isEqualTo("EMAIL");
    assertThat(data.at("/content/subject").asText()).isEqualTo("Following up, Ada");
    assertThat(data.at("/content/text").asText()).startsWith("Hi Ada,");
    assertThat(data.has("subject")).as("the subject is the content's").isFalse();
    assertThat(MAIL.getReceivedMessages()).hasSize(1);
  }
}

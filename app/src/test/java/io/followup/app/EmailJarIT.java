package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with EMAIL_PROVIDER=smtp against GreenMail (with a login): the mail classes and
 * their service files survive the shading, an email step reaches the server, and the log carries
 * neither the password nor the lead's data.
 */
class EmailJarIT {
  private static final Path JAR = Path.of("target", "followup.jar");

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay", "pw-7f3e9a"));

  @TempDir Path dataDir;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anEmailStepReachesTheSmtpServer() throws Exception {
    int port = freePort();
    Path log = dataDir.resolve("out.log");
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", JAR.toString(), "embedded")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("ADMIN_PORT", Integer.toString(freePort()));
    builder.environment().put("API_KEYS", "email-jar-key");
    builder.environment().put("EMAIL_PROVIDER", "smtp");
    builder.environment().put("SMTP_HOST", "127.0.0.1");
    builder.environment().put("SMTP_PORT", Integer.toString(greenMail.getSmtp().getPort()));
    builder.environment().put("SMTP_TLS", "none");
    builder.environment().put("SMTP_USERNAME", "relay");
    builder.environment().put("SMTP_PASSWORD", "pw-7f3e9a");
    builder.environment().put("EMAIL_FROM", "Sales <sales@followup.example>");
    process = builder.start();
    Http http = new Http(port, "email-jar-key");
    Poll.until(Duration.ofSeconds(60), () -> alive(http), ok -> ok);

    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 555 555 0199",
                "\"email\":\"ada@example.com\","
                    + "\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\"}}"));
    assertThat(created.status()).isEqualTo(200);

    assertThat(greenMail.waitForIncomingEmail(30_000, 1)).as(read(log)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
    assertThat(received.getSubject()).isEqualTo("Following up, Ada");
    assertThat(received.getMessageID()).endsWith("@followup.example>");
    String out = Poll.until(Duration.ofSeconds(10), () -> read(log), l -> l.contains("handed to"));
    assertThat(out)
        .contains("email provider: smtp 127.0.0.1:")
        .doesNotContain("pw-7f3e9a")
        .doesNotContain("ada@example.com")
        .doesNotContain("Lovelace");
  }

  private static boolean alive(Http http) {
    try {
      return http.get("/v1/leads?limit=1").status() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

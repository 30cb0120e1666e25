package io.followup.worker.provider.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.DummySSLSocketFactory;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import io.followup.worker.activities.EmailActivitiesImpl;
import io.followup.worker.activities.Sender;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpProviderTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(servers())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay", "secret"));

  /**
   * SMTP and SMTPS on free ports; a loaded machine takes more than GreenMail's 2 s to start TLS.
   */
  private static ServerSetup[] servers() {
    ServerSetup[] servers = {
      ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()
    };
    for (ServerSetup server : servers) {
      server.setServerStartupTimeout(30_000);
    }
    return servers;
  }

  private static final String FROM = "Sales <sales@followup.example>";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  private static SmtpConfig settings(int port, SmtpTls tls, String user, String password) {
    return new SmtpConfig(
        "127.0.0.1", port, user, password, tls, FROM, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** GreenMail's certificate is self-signed and names no host: trusted here, and only here. */
  private static Properties trustTestCertificate() {
    Properties p = new Properties();
    p.put("mail.smtp.ssl.socketFactory", new DummySSLSocketFactory());
    p.put("mail.smtp.ssl.checkserveridentity", "false");
    return p;
  }

  private static SmtpProvider provider(SmtpConfig settings) {
    return new SmtpProvider(settings, trustTestCertificate(), CLOCK);
  }

  private static SmtpProvider plain(int port) {
    return provider(settings(port, SmtpTls.NONE, "relay", "secret"));
  }

  private static Delivery email(String key, String html) {
    return new Delivery(
        Channel.EMAIL,
        key,
        "ada@example.com",
        "Following up, Ada",
        "Hi Ada,\n\nBest",
        html,
        null,
        null,
        null);
  }

  private static int smtpPort() {
    return greenMail.getSmtp().getPort();
  }

  @Test
  void aPlainEmailReachesTheRecipientWithAMessageIdFromTheKey() throws Exception {
    ProviderReceipt receipt = plain(smtpPort()).deliver(email("L-1:3", null));

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("ada@example.com");
    assertThat(received.getFrom()).extracting(Object::toString).containsExactly(FROM);
    assertThat(received.getSubject()).isEqualTo("Following up, Ada");
    assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("UTF-8");
    assertThat(((String) received.getContent()).replace("\r\n", "\n")).isEqualTo("Hi Ada,\n\nBest");
    assertThat(received.getMessageID())
        .isEqualTo(receipt.providerId())
        .matches("<[0-9a-f]{32}\\.followup@followup\\.example>")
        .as("every attempt of the send, in any process, carries the same id")
        .isEqualTo(plain(smtpPort()).messageId("L-1:3"))
        .isNotEqualTo(plain(smtpPort()).messageId("L-1:4"))
        .doesNotContain("L-1");
  }

  @Test
  void aReplyAddressAndTheThreadGoAsReplyToInReplyToAndReferences() throws Exception {
    Delivery plainEmail = email("L-1:2", null);
    Delivery threaded =
        new Delivery(
            Channel.EMAIL,
            "L-1:2",
            "ada@example.com",
            "Re: Following up, Ada",
            "Hi again",
            null,
            null,
            null,
            null,
            "replies+0123abcd@followup.example",
            "<first.followup@followup.example>");
    plain(smtpPort()).deliver(threaded);

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getReplyTo())
        .extracting(Object::toString)
        .containsExactly("replies+0123abcd@followup.example");
    assertThat(received.getHeader("In-Reply-To"))
        .containsExactly("<first.followup@followup.example>");
    assertThat(received.getHeader("References"))
        .containsExactly("<first.followup@followup.example>");
    assertThat(received.getSubject()).isEqualTo("Re: Following up, Ada");
    assertThat(plainEmail.replyTo()).as("without a reply mailbox: no Reply-To").isNull();
  }

  @Test
  void anHtmlTemplateAddsAnAlternativePart() throws Exception {
    plain(smtpPort()).deliver(email("L-1:1", "<p>Hi <b>Ada</b></p>"));

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
        .isEqualTo("Hi Ada,\n\nBest");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hi <b>Ada</b></p>");
  }

  @Test
  void tlsSendsOverSmtps() {
    provider(settings(greenMail.getSmtps().getPort(), SmtpTls.TLS, "relay", "secret"))
        .deliver(email("L-1:1", null));

    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void tlsAgainstAPlainServerSendsNothingAndIsRetried() {
    SmtpProvider tls = provider(settings(smtpPort(), SmtpTls.TLS, "relay", "secret"));

    assertThatThrownBy(() -> tls.deliver(email("L-1:1", null)))
        .isInstanceOfSatisfying(ProviderException.class, SmtpProviderTest::retriedNotSent);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void startTlsNeverFallsBackToClearText() {
    // GreenMail's SMTP offers no STARTTLS
    SmtpProvider startTls = provider(settings(smtpPort(), SmtpTls.STARTTLS, "relay", "secret"));

    assertThatThrownBy(() -> startTls.deliver(email("L-1:1", null)))
        .isInstanceOfSatisfying(ProviderException.class, SmtpProviderTest::retriedNotSent);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void startTlsUpgradesTheConnectionBeforeLoggingInAndSending() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(true)) {
      provider(settings(server.port(), SmtpTls.STARTTLS, null, null)).deliver(email("L-1:1", null));

      assertThat(server.commands).filteredOn(c -> c.startsWith("STARTTLS")).hasSize(1);
      assertThat(server.commands.indexOf("STARTTLS"))
          .isLessThan(indexOfPrefix(server, "MAIL FROM"));
      assertThat(server.messages).singleElement().asString().startsWith("[tls] ");
    }
  }

  @Test
  void aWrongPasswordSendsNothingAndIsRetried() {
    SmtpProvider wrong = provider(settings(smtpPort(), SmtpTls.NONE, "relay", "wrong"));

    assertThatThrownBy(() -> wrong.deliver(email("L-1:1", null)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              retriedNotSent(e);
              assertThat(e).hasMessage("SMTP login refused");
            });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void withoutAUserThereIsNoLoginEvenWithAnEmptyPassword() {
    // GreenMail offers AUTH: a login attempt (as the JVM's user.name) would be refused
    provider(settings(smtpPort(), SmtpTls.NONE, "", "")).deliver(email("L-1:1", null));

    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void noServerIsRetried() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }

    assertThatThrownBy(() -> plain(closed).deliver(email("L-1:1", null)))
        .isInstanceOfSatisfying(ProviderException.class, SmtpProviderTest::retriedNotSent);
  }

  @Test
  void anAddressThatDoesNotParseIsPermanent() {
    Delivery bad =
        new Delivery(
            Channel.EMAIL, "L-1:1", "ada at example.com", "s", "b", null, null, null, null);

    assertThatThrownBy(() -> plain(smtpPort()).deliver(bad))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessage("invalid recipient address");
  }

  @Test
  void aRecipientRefusedWith5xxIsRecordedFailed() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(false)) {
      server.rcptReply = "550 5.1.1 <ada@example.com>: Recipient address rejected";
      Fixture f = new Fixture(plain(server.port()));

      SendResult result = f.email.sendEmail(f.request());

      assertThat(result.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(result.detail())
          .isEqualTo("recipient refused by the SMTP server (550)")
          .doesNotContain("ada");
      assertThat(server.messages).isEmpty();
    }
  }

  @Test
  void aRecipientDeferredWith4xxIsRetriedAndTheRetrySends() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(false)) {
      server.rcptReply = "451 4.3.0 try again later";
      Fixture f = new Fixture(plain(server.port()));

      assertThatThrownBy(() -> f.email.sendEmail(f.request()))
          .isInstanceOfSatisfying(ProviderException.class, SmtpProviderTest::retriedNotSent);
      server.rcptReply = "250 OK";
      SendResult retried = f.email.sendEmail(f.request());

      assertThat(retried.status()).isEqualTo(DeliveryStatus.SENT);
      assertThat(server.messages).hasSize(1);
    }
  }

  @Test
  void aMessageRefusedWith5xxIsPermanentAnd4xxIsRetried() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(false)) {
      server.dataReply = "554 5.7.1 message refused";
      assertThatThrownBy(() -> plain(server.port()).deliver(email("L-1:1", null)))
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessage("email refused by the SMTP server (554)");

      server.dataReply = "452 4.3.1 insufficient storage";
      assertThatThrownBy(() -> plain(server.port()).deliver(email("L-1:2", null)))
          .isInstanceOfSatisfying(ProviderException.class, SmtpProviderTest::retriedNotSent);
    }
  }

  @Test
  void aConnectionLostAfterTheMessageIsUnconfirmedNeverSentTwice() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(false)) {
      server.dropAfterMessage = true;
      Fixture f = new Fixture(plain(server.port()));

      assertThatThrownBy(() -> f.email.sendEmail(f.request()))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.permanent()).isFalse();
                assertThat(e.notSent()).as("the server may have taken it").isFalse();
              });
      server.dropAfterMessage = false;
      SendResult retried = f.email.sendEmail(f.request());

      assertThat(retried.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
      assertThat(server.messages).hasSize(1);
    }
  }

  @Test
  void anEmailSentWithAnUnsubscribeLinkCarriesTheOneClickHeaders() throws Exception {
    UnsubscribeTokens tokens = new UnsubscribeTokens("an-smtp-test-secret-of-32-bytes!".getBytes());
    UnsubscribeLinks links = new UnsubscribeLinks("https://followup.example.com", tokens);
    InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
    leads.put(
        new Lead(
            "L-1",
            "Ada",
            "Lovelace",
            "+15555550100",
            "ada@example.com",
            null,
            Map.of(),
            false,
            false,
            null));
    EmailActivitiesImpl email =
        new EmailActivitiesImpl(
            new Sender(
                new InMemoryDeliveryLedger(),
                leads,
                new MessageRenderer(),
                plain(smtpPort()),
                new SendMeters(new CompositeMeterRegistry()),
                CLOCK,
                links));

    SendResult result =
        email.sendEmail(
            SendRequest.step("L-1", 1, Channel.EMAIL, "L-1:1", null, null, false, null));

    assertThat(result.status()).isEqualTo(DeliveryStatus.SENT);
    MimeMessage received = greenMail.getReceivedMessages()[0];
    String url = "https://followup.example.com/v1/unsubscribe/" + tokens.sign("L-1");
    assertThat(received.getHeader("List-Unsubscribe")).containsExactly("<" + url + ">");
    assertThat(received.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    String token = url.substring(url.lastIndexOf('/') + 1);
    assertThat(tokens.verify(token)).isEqualTo(new UnsubscribeTokens.Verdict.Valid("L-1"));
  }

  @Test
  void withoutALinkThereAreNoUnsubscribeHeaders() throws Exception {
    plain(smtpPort()).deliver(email("L-1:1", null));

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getHeader("List-Unsubscribe")).isNull();
    assertThat(received.getHeader("List-Unsubscribe-Post")).isNull();
  }

  @Test
  void thePasswordIsNotInItsDescription() {
    SmtpConfig settings = settings(587, SmtpTls.STARTTLS, "relay", "s3cret-pw");

    assertThat(settings.toString()).doesNotContain("s3cret-pw");
    assertThat(new SmtpProvider(settings).toString()).doesNotContain("s3cret-pw");
  }

  private static void retriedNotSent(ProviderException e) {
    assertThat(e.permanent()).as("permanent").isFalse();
    assertThat(e.notSent()).as("certainly not sent").isTrue();
  }

  private static int indexOfPrefix(ScriptedSmtpServer server, String prefix) {
    for (int i = 0; i < server.commands.size(); i++) {
      if (server.commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  /** The activity with the SMTP provider, an in-memory ledger and one lead. */
  private static final class Fixture {
    final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
    final EmailActivitiesImpl email;

    Fixture(SmtpProvider provider) {
      InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
      leads.put(
          new Lead(
              "L-1",
              "Ada",
              "Lovelace",
              "+15555550100",
              "ada@example.com",
              null,
              Map.of(),
              false,
              false,
              null));
      email = new EmailActivitiesImpl(new Sender(ledger, leads, new MessageRenderer(), provider));
    }

    SendRequest request() {
      return SendRequest.step("L-1", 1, Channel.EMAIL, "L-1:1", null, null, false, null);
    }
  }
}

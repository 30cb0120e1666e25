package io.followup.worker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.followup.domain.inbound.InboundEmail;
import io.followup.domain.inbound.InboundEmailHandler;
import io.followup.worker.provider.smtp.SmtpTls;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reader against GreenMail's IMAP: each email handed over once, marked only after. */
class ImapReaderTest {
  private static final String MAILBOX = "replies@followup.example";

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(
              new ServerSetup[] {
                ServerSetupTest.SMTP_IMAP[0].dynamicPort(),
                ServerSetupTest.SMTP_IMAP[1].dynamicPort()
              })
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser(MAILBOX, "replies", "secret"));

  private final List<InboundEmail> seen = new CopyOnWriteArrayList<>();

  private ImapReader reader(InboundEmailHandler handler) {
    return new ImapReader(
        new ImapConfig(
            "127.0.0.1",
            greenMail.getImap().getPort(),
            "replies",
            "secret",
            SmtpTls.NONE,
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5)),
        handler);
  }

  private InboundEmailHandler recording() {
    return email -> {
      seen.add(email);
      return InboundEmailHandler.Outcome.HANDLED;
    };
  }

  private static void deliver(String raw) throws Exception {
    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    greenMail.getUserManager().getUserByEmail(MAILBOX).deliver(message);
  }

  @Test
  void aRestartBetweenTwoPollsReadsNothingTwiceAndMissesNothing() throws Exception {
    deliver(MimeSamples.reply(MAILBOX, null, "<one@x>"));
    assertThat(reader(recording()).poll().handled()).isEqualTo(1);

    // a new reader (a restarted process) and a second email
    deliver(MimeSamples.reply(MAILBOX, null, "<two@x>"));
    ImapReader restarted = reader(recording());
    assertThat(restarted.poll().handled()).isEqualTo(1);
    assertThat(restarted.poll().handled()).isZero();

    assertThat(seen).extracting(InboundEmail::messageId).containsExactly("<one@x>", "<two@x>");
  }

  @Test
  void anEmailTheHandlerFailedOnIsHandedOverAgainAtTheNextPoll() throws Exception {
    deliver(MimeSamples.reply(MAILBOX, null, "<three@x>"));
    ImapReader failing =
        reader(
            email -> {
              throw new IllegalStateException("database down");
            });
    assertThat(failing.poll().failed()).isEqualTo(1);

    ImapReader.Poll next = reader(recording()).poll();

    assertThat(next.handled()).isEqualTo(1);
    assertThat(seen).extracting(InboundEmail::messageId).containsExactly("<three@x>");
  }

  @Test
  void anUnmatchedEmailIsCountedAndMarked() throws Exception {
    deliver(MimeSamples.reply(MAILBOX, null, "<four@x>"));
    ImapReader reader = reader(email -> InboundEmailHandler.Outcome.UNMATCHED);

    assertThat(reader.poll().unmatched()).isEqualTo(1);
    assertThat(reader.poll().unmatched()).isZero();
    assertThat(reader.unmatched()).isEqualTo(1);
  }
}

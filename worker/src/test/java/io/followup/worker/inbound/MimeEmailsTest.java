package io.followup.worker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.inbound.InboundEmail;
import io.followup.domain.inbound.InboundEmail.Kind;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MimeEmailsTest {
  private static final String TO = "replies+abc@followup.example";
  private static final String ORIGINAL = "<0a1b.followup@followup.example>";

  private static InboundEmail parse(String raw) throws Exception {
    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    return MimeEmails.parse(message);
  }

  @Test
  void aReplyKeepsTheLeadsNewWordsItsRecipientsAndWhatItAnswers() throws Exception {
    InboundEmail email = parse(MimeSamples.reply(TO, ORIGINAL, "<r1@mail.example.com>"));

    assertThat(email.kind()).isEqualTo(Kind.REPLY);
    assertThat(email.messageId()).isEqualTo("<r1@mail.example.com>");
    assertThat(email.recipients()).containsExactly(TO);
    assertThat(email.references()).containsExactly(ORIGINAL);
    assertThat(email.subject()).isEqualTo("Re: Your quote, Ada");
    assertThat(email.text()).isEqualTo("Yes, please call me tomorrow.");
    assertThat(email.isReport()).isFalse();
  }

  @Test
  void autoSubmittedAndAnAutoReplysSubjectMakeAnAutoReply() throws Exception {
    assertThat(parse(MimeSamples.autoSubmitted(TO, "<a1@x>")).kind()).isEqualTo(Kind.AUTO_REPLY);
    InboundEmail ooo = parse(MimeSamples.outOfOffice(TO, "<a2@x>", "I am out of the office."));
    assertThat(ooo.kind()).isEqualTo(Kind.AUTO_REPLY);
    assertThat(ooo.text()).isEqualTo("I am out of the office.");
    String subjectOnly =
        MimeSamples.reply(TO, null, "<a3@x>").replace("Re: Your quote, Ada", "Out of Office: Ada");
    assertThat(parse(subjectOnly).kind()).isEqualTo(Kind.AUTO_REPLY);
    String precedence =
        MimeSamples.reply(TO, null, "<a4@x>")
            .replace("MIME-Version", "Precedence: bulk\nMIME-Version");
    assertThat(parse(precedence).kind()).isEqualTo(Kind.AUTO_REPLY);
    String notAuto =
        MimeSamples.reply(TO, null, "<a5@x>")
            .replace("MIME-Version", "Auto-Submitted: no\nMIME-Version");
    assertThat(parse(notAuto).kind()).isEqualTo(Kind.REPLY);
  }

  @Test
  void aPermanentDeliveryFailureIsABounceNamingTheOriginal() throws Exception {
    InboundEmail email = parse(MimeSamples.dsn(TO, "<d1@mx>", ORIGINAL, "5.1.1"));

    assertThat(email.kind()).isEqualTo(Kind.BOUNCE);
    assertThat(email.status()).isEqualTo("5.1.1");
    assertThat(email.reported()).containsExactly(ORIGINAL);
    assertThat(email.isReport()).isTrue();
  }

  @Test
  void aTransientOneIsADelay() throws Exception {
    InboundEmail email = parse(MimeSamples.dsn(TO, "<d2@mx>", ORIGINAL, "4.2.2"));

    assertThat(email.kind()).isEqualTo(Kind.DELAYED);
    assertThat(email.status()).isEqualTo("4.2.2");
    assertThat(email.reported()).containsExactly(ORIGINAL);
  }

  @Test
  void aFeedbackReportIsAComplaintNamingTheOriginal() throws Exception {
    InboundEmail email = parse(MimeSamples.complaint(TO, "<f1@isp>", ORIGINAL));

    assertThat(email.kind()).isEqualTo(Kind.COMPLAINT);
    assertThat(email.reported()).containsExactly(ORIGINAL);
    assertThat(email.reportedAddresses()).contains("sales@followup.example");
  }

  @Test
  void anEmailWithoutMessageIdGetsTheSameMadeUpIdEveryTime() throws Exception {
    String raw = MimeSamples.reply(TO, null, "x").replace("Message-ID: x\n", "");
    assertThat(parse(raw).messageId())
        .isEqualTo(parse(raw).messageId())
        .endsWith("@no-message-id>");
  }

  @Test
  void anHtmlOnlyReplyIsReadAsText() throws Exception {
    String raw =
        MimeSamples.reply(TO, null, "<h1@x>")
            .replace("text/plain", "text/html")
            .replace("Yes, please call me tomorrow.", "<p>Yes, <b>please</b> call</p>");
    assertThat(parse(raw).text()).startsWith("Yes, please call");
  }
}

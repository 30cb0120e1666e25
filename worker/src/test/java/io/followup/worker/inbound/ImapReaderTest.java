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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    return reader(handler, Duration.ofSeconds(1));
  }

  private ImapReader reader(InboundEmailHandler handler, Duration pollEvery) {
    return new ImapReader(
        new ImapConfig(
            "127.0.0.1",
            greenMail.getImap().getPort(),
            "replies",
            "secret",
            SmtpTls.NONE,
            null,
            pollEvery,
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

  @Test
  void anEmailDeliveredWhileTheReaderIdlesIsHandledWithoutWaitingForThePoll() throws Exception {
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    ImapReader reader =
        reader(
            email -> {
              handled.add(email.messageId());
              return InboundEmailHandler.Outcome.HANDLED;
            },
            Duration.ofHours(1));
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try {
      deliver(MimeSamples.reply(MAILBOX, null, "<before@x>"));
      reader.start(executor);
      assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("<before@x>");
      awaitIdle(reader);

      // the next poll is an hour away: only the IDLE can bring this one in
      deliver(MimeSamples.reply(MAILBOX, null, "<while-idle@x>"));
      assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("<while-idle@x>");
      deliver(MimeSamples.reply(MAILBOX, null, "<and-again@x>"));
      assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("<and-again@x>");
    } finally {
      reader.stop();
      executor.shutdown();
    }
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(handled).isEmpty();
    assertThat(reader.handled()).isEqualTo(3);
  }

  @Test
  void theReaderStopsPromptlyWhileIdling() throws Exception {
    ImapReader reader = reader(recording(), Duration.ofHours(1));
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    reader.start(executor);
    awaitIdle(reader);

    long start = System.nanoTime();
    reader.stop();
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    // stopped: an email now waits for the next start
    deliver(MimeSamples.reply(MAILBOX, null, "<after-stop@x>"));
    assertThat(reader(recording()).poll().handled()).isEqualTo(1);
    assertThat(seen).extracting(InboundEmail::messageId).containsExactly("<after-stop@x>");
  }

  @Test
  void thePollIntervalEndsAnIdleSoThatAFailedEmailIsTriedAgain() throws Exception {
    // nothing arrives to end the IDLE: only the poll interval's fresh read retries the email
    AtomicInteger tries = new AtomicInteger();
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    ImapReader reader =
        reader(
            email -> {
              if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
              }
              handled.add(email.messageId());
              return InboundEmailHandler.Outcome.HANDLED;
            },
            Duration.ofMillis(500));
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try {
      deliver(MimeSamples.reply(MAILBOX, null, "<retried@x>"));
      reader.start(executor);

      assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("<retried@x>");
    } finally {
      reader.stop();
      executor.shutdown();
    }
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(tries).hasValue(2);
  }

  /** Waits (5 s at most) until the reader is in IDLE: a bounded wait on a real server. */
  private static void awaitIdle(ImapReader reader) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!reader.idling() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(reader.idling()).as("the reader idles").isTrue();
  }
}

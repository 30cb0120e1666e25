package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
import io.followup.worker.inbound.ImapReader;
import io.followup.worker.inbound.MimeSamples;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies by email through the whole app (issue 21): follow-up emails sent over SMTP to GreenMail
 * with the lead's reply address, and the API reading GreenMail's IMAP reply mailbox: a reply by
 * plus address or by In-Reply-To alone, a hard and a soft bounce (RFC 3464), a complaint (RFC
 * 5965), an Auto-Submitted answer, an out-of-office with and without a date, the same email twice,
 * and the strategy results counting an email reply but not an auto-reply.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReplyEmailIT {
  private static final String DB = TestDatabases.create();
  private static final String MAILBOX = "replies@followup.example";
  private static final String FROM = "sales@followup.example";
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final AtomicInteger PHONES = new AtomicInteger(7800);
  private static final GreenMail MAIL =
      new GreenMail(
              new ServerSetup[] {
                ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()
              })
          .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "replies", "pw"));

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
          ConfigOverride.config("email.from", "Sales <" + FROM + ">"),
          ConfigOverride.config("imap.replyAddress", MAILBOX),
          ConfigOverride.config("imap.host", "127.0.0.1"),
          ConfigOverride.config("imap.port", () -> String.valueOf(MAIL.getImap().getPort())),
          ConfigOverride.config("imap.username", "replies"),
          ConfigOverride.config("imap.password", "pw"),
          ConfigOverride.config("imap.tls", "none"),
          ConfigOverride.config("imap.pollSeconds", "1"));

  @AfterAll
  static void stop() {
    MAIL.stop();
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  /** A lead, and the follow-up email it was sent. */
  private record Sent(String leadId, String messageId, String replyTo, String subject) {}

  /** A lead whose step 1 is an email (sent at once), step 2 a text 100 hours later. */
  private Sent leadWithEmailSent(String strategyIds) {
    String email = "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String phone = "+1555028" + PHONES.incrementAndGet();
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    phone,
                    "\"email\":\""
                        + email
                        + "\",\"timezone\":\"America/New_York\","
                        + (strategyIds == null ? "" : "\"useStrategiesForFollowUps\":true,")
                        + "\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\""
                        + (strategyIds == null ? "" : ",\"strategyIds\":" + strategyIds)
                        + "},\"2\":{\"hours\":100,\"channel\":\"text\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800)); // 0.0005 h: step 1 falls due
    MimeMessage sent = Poll.until(Duration.ofSeconds(20), () -> sentTo(email), m -> m != null);
    try {
      String[] replyTo = sent.getHeader("Reply-To");
      Poll.until(
          Duration.ofSeconds(10), () -> get(id).get("followUpStep").asInt(), step -> step == 2);
      return new Sent(
          id, sent.getMessageID(), replyTo == null ? null : replyTo[0], sent.getSubject());
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MimeMessage sentTo(String email) {
    return Arrays.stream(MAIL.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getAllRecipients() != null
                    && m.getAllRecipients()[0].toString().equals(email);
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .findFirst()
        .orElse(null);
  }

  /** Puts an email into the reply mailbox, as its server would. */
  private static void deliver(String raw) throws Exception {
    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    MAIL.getUserManager().getUserByEmail(MAILBOX).deliver(message);
  }

  private JsonNode get(String leadId) {
    return http().get("/v1/leads/" + leadId).body();
  }

  private List<JsonNode> events(String leadId, String types) {
    List<JsonNode> events = new ArrayList<>();
    http()
        .get("/v1/leads/" + leadId + "/events?types=" + types)
        .body()
        .get("events")
        .forEach(events::add);
    return events;
  }

  private List<JsonNode> eventsUntil(String leadId, String types, int count) {
    return Poll.until(Duration.ofSeconds(20), () -> events(leadId, types), e -> e.size() >= count);
  }

  /** How many copies of the email {@code messageId} in the mailbox the reader marked handled. */
  private static int marked(String messageId) {
    try {
      jakarta.mail.Store store = Session.getInstance(new Properties()).getStore("imap");
      store.connect("127.0.0.1", MAIL.getImap().getPort(), "replies", "pw");
      try {
        jakarta.mail.Folder inbox = store.getFolder("INBOX");
        inbox.open(jakarta.mail.Folder.READ_ONLY);
        int marked = 0;
        for (jakarta.mail.Message m : inbox.getMessages()) {
          String[] ids = m.getHeader("Message-ID");
          if (ids != null
              && ids[0].equals(messageId)
              && m.getFlags().contains(ImapReader.KEYWORD)) {
            marked++;
          }
        }
        inbox.close(false);
        return marked;
      } finally {
        store.close();
      }
    } catch (jakarta.mail.MessagingException e) {
      return -1;
    }
  }

  private static String messageId() {
    return "<" + UUID.randomUUID() + "@mail.example.com>";
  }

  @Test
  void aReplyToThePlusAddressIsAReplyThatStopsTheFollowUps() throws Exception {
    Sent sent = leadWithEmailSent(null);
    assertThat(sent.replyTo()).startsWith("replies+").endsWith("@followup.example");

    deliver(MimeSamples.reply(sent.replyTo(), null, messageId()));

    JsonNode message = eventsUntil(sent.leadId(), "MESSAGE", 1).get(0).get("data");
    assertThat(message.get("direction").asText()).isEqualTo("INBOUND");
    assertThat(message.get("deliveryChannel").asText()).isEqualTo("EMAIL");
    assertThat(message.at("/content/text").asText()).isEqualTo("Yes, please call me tomorrow.");
    assertThat(message.at("/content/subject").asText()).isEqualTo("Re: Your quote, Ada");
    assertThat(message.has("autoReply")).isFalse();
    JsonNode lead =
        Poll.until(
            Duration.ofSeconds(10),
            () -> get(sent.leadId()),
            l -> "REPLIED".equals(l.get("followUpStatus").asText()));
    assertThat(lead.get("hasReplied").asBoolean()).isTrue();
    JsonNode messages =
        http().get("/v1/leads/" + sent.leadId() + "/messages").body().get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1).get("owner").asText()).isEqualTo("lead");
    assertThat(messages.get(1).at("/content/subject").asText()).isEqualTo("Re: Your quote, Ada");
  }

  @Test
  void aReplyMatchedByInReplyToAloneIsAReplyAndTheSameEmailTwiceIsOne() throws Exception {
    Sent sent = leadWithEmailSent(null);
    String id = messageId();
    String reply = MimeSamples.reply(MAILBOX, sent.messageId(), id);

    deliver(reply);
    deliver(reply);

    Poll.until(
        Duration.ofSeconds(20), () -> get(sent.leadId()), l -> l.get("hasReplied").asBoolean());
    // both copies handled (the reader marks each only after its handling returned): one reply
    Poll.until(Duration.ofSeconds(20), () -> marked(id), n -> n == 2);
    assertThat(events(sent.leadId(), "MESSAGE")).hasSize(1);
    assertThat(get(sent.leadId()).get("followUpStatus").asText()).isEqualTo("REPLIED");
  }

  @Test
  void aHardBounceUnsubscribesFromEmailAndASoftOneIsAnEventOnly() throws Exception {
    Sent soft = leadWithEmailSent(null);
    deliver(MimeSamples.dsn(FROM, messageId(), soft.messageId(), "4.2.2"));
    JsonNode deferred = eventsUntil(soft.leadId(), "DELIVERY_STATUS", 1).get(0).get("data");
    assertThat(deferred.get("status").asText()).isEqualTo("DEFERRED");
    assertThat(deferred.get("dsnStatus").asText()).isEqualTo("4.2.2");
    assertThat(deferred.get("idempotencyKey").isNull()).isFalse();
    assertThat(get(soft.leadId()).get("isEmailUnsubscribed").asBoolean()).isFalse();

    Sent hard = leadWithEmailSent(null);
    deliver(MimeSamples.dsn(FROM, messageId(), hard.messageId(), "5.1.1"));
    JsonNode optOut = eventsUntil(hard.leadId(), "OPT_OUT", 1).get(0).get("data");
    assertThat(optOut.get("channel").asText()).isEqualTo("email");
    assertThat(optOut.get("reason").asText()).isEqualTo("BOUNCE");
    assertThat(get(hard.leadId()).get("isEmailUnsubscribed").asBoolean()).isTrue();
    assertThat(get(hard.leadId()).get("hasReplied").asBoolean()).isFalse();
    assertThat(get(hard.leadId()).get("followUpStatus").asText()).isEqualTo("SCHEDULED");
  }

  @Test
  void aComplaintUnsubscribesFromEmail() throws Exception {
    Sent sent = leadWithEmailSent(null);
    deliver(MimeSamples.complaint(FROM, messageId(), sent.messageId()));

    JsonNode optOut = eventsUntil(sent.leadId(), "OPT_OUT", 1).get(0).get("data");
    assertThat(optOut.get("reason").asText()).isEqualTo("COMPLAINT");
    assertThat(get(sent.leadId()).get("isEmailUnsubscribed").asBoolean()).isTrue();
  }

  @Test
  void anAutoSubmittedAnswerIsRecordedAndChangesNothing() throws Exception {
    Sent sent = leadWithEmailSent(null);
    String due = get(sent.leadId()).get("nextFollowUpAt").asText();
    deliver(MimeSamples.autoSubmitted(sent.replyTo(), messageId()));

    JsonNode message = eventsUntil(sent.leadId(), "MESSAGE", 1).get(0).get("data");
    assertThat(message.get("autoReply").asBoolean()).isTrue();
    assertThat(message.get("deliveryChannel").asText()).isEqualTo("EMAIL");
    assertThat(message.has("creditedEventId")).isFalse();
    JsonNode lead = get(sent.leadId());
    assertThat(lead.get("hasReplied").asBoolean()).isFalse();
    assertThat(lead.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(lead.get("nextFollowUpAt").asText()).isEqualTo(due);
  }

  @Test
  void anOutOfOfficeWithADatePausesUntilItAndOneWithoutForTheDefaultDays() throws Exception {
    Sent dated = leadWithEmailSent(null);
    Instant now = AppOnTestClock.of(APP).now();
    LocalDate back = now.atZone(NEW_YORK).toLocalDate().plusDays(9);
    String day = back.format(DateTimeFormatter.ofPattern("MMMM d", Locale.ENGLISH));
    deliver(
        MimeSamples.outOfOffice(
            dated.replyTo(), messageId(), "I am out of the office, back on " + day + "."));
    JsonNode paused =
        Poll.until(
            Duration.ofSeconds(20),
            () -> get(dated.leadId()),
            l -> "PAUSED".equals(l.get("followUpStatus").asText()));
    assertThat(Instant.parse(paused.get("resumeAt").asText()))
        .isEqualTo(back.atStartOfDay(NEW_YORK).toInstant());
    assertThat(paused.get("hasReplied").asBoolean()).isFalse();
    assertThat(
            eventsUntil(dated.leadId(), "FOLLOW_UP_PAUSED", 1).get(0).at("/data/reason").asText())
        .isEqualTo("OUT_OF_OFFICE");

    Sent undated = leadWithEmailSent(null);
    Instant received = AppOnTestClock.of(APP).now();
    deliver(
        MimeSamples.outOfOffice(
            undated.replyTo(), messageId(), "I am out of the office with limited access."));
    JsonNode away =
        Poll.until(
            Duration.ofSeconds(20),
            () -> get(undated.leadId()),
            l -> "PAUSED".equals(l.get("followUpStatus").asText()));
    assertThat(Duration.between(received, Instant.parse(away.get("resumeAt").asText())))
        .isBetween(Duration.ofDays(14), Duration.ofDays(14).plusMinutes(1));
  }

  @Test
  void theSecondFollowUpEmailGoesInTheFirstsThread() throws Exception {
    String email = "thread-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    "+1555028" + PHONES.incrementAndGet(),
                    "\"email\":\""
                        + email
                        + "\",\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\"},"
                        + "\"2\":{\"hours\":0.0005,\"channel\":\"email\"},"
                        + "\"3\":{\"hours\":100,\"channel\":\"text\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800));
    Poll.until(Duration.ofSeconds(20), () -> get(id).get("followUpStep").asInt(), s -> s == 2);
    AppOnTestClock.of(APP).advance(Duration.ofMillis(1_800));

    List<MimeMessage> sent =
        Poll.until(Duration.ofSeconds(20), () -> allSentTo(email), m -> m.size() == 2);
    MimeMessage first = sent.get(0);
    MimeMessage second = sent.get(1);
    assertThat(first.getHeader("In-Reply-To")).isNull();
    assertThat(second.getHeader("In-Reply-To")).containsExactly(first.getMessageID());
    assertThat(second.getHeader("References")).containsExactly(first.getMessageID());
    assertThat(second.getSubject()).isEqualTo("Re: " + first.getSubject());
    assertThat(second.getHeader("Reply-To")).isEqualTo(first.getHeader("Reply-To"));
  }

  private static List<MimeMessage> allSentTo(String email) {
    List<MimeMessage> sent = new ArrayList<>();
    for (MimeMessage m : MAIL.getReceivedMessages()) {
      try {
        if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equals(email)) {
          sent.add(m);
        }
      } catch (jakarta.mail.MessagingException e) {
        // not one of ours
      }
    }
    return sent;
  }

  @Test
  void anEmailThatMatchesNoLeadIsMarkedAndCounted() throws Exception {
    String id = messageId();
    deliver(MimeSamples.reply(MAILBOX, "<unknown.followup@followup.example>", id));

    Poll.until(Duration.ofSeconds(20), () -> marked(id), n -> n == 1);
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "followup_inbound_emails_total\\{[^}]*outcome=\"unmatched\"[^}]*\\} [1-9]");
  }

  @Test
  void theStrategyResultsCountAnEmailReplyAndIgnoreAnAutoReply() throws Exception {
    String strategy = "email-" + UUID.randomUUID().toString().substring(0, 8);
    Reply created =
        http()
            .post(
                "/v1/strategies",
                "{\"id\":\""
                    + strategy
                    + "\",\"name\":\"N\",\"channel\":\"email\","
                    + "\"subject\":\"Your quote\",\"template\":\"Hi {{firstName}}\"}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);

    Sent answered = leadWithEmailSent("[\"" + strategy + "\"]");
    Sent automatic = leadWithEmailSent("[\"" + strategy + "\"]");
    deliver(MimeSamples.autoSubmitted(automatic.replyTo(), messageId()));
    eventsUntil(automatic.leadId(), "MESSAGE", 1);
    deliver(MimeSamples.reply(answered.replyTo(), null, messageId()));
    eventsUntil(answered.leadId(), "MESSAGE", 1);

    JsonNode results = http().get("/v1/strategies/" + strategy).body().get("results");
    assertThat(results.get("sends").asLong()).isEqualTo(2);
    assertThat(results.get("replies").asLong()).isEqualTo(1);
  }
}

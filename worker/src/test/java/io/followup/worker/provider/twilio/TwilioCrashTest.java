package io.followup.worker.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.followup.worker.provider.twilio.TwilioDouble.CALLS;
import static io.followup.worker.provider.twilio.TwilioDouble.MESSAGES;
import static io.followup.worker.provider.twilio.TwilioDouble.TO;
import static io.followup.worker.provider.twilio.TwilioDouble.error;
import static io.followup.worker.provider.twilio.TwilioDouble.json;
import static io.followup.worker.provider.twilio.TwilioDouble.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.worker.activities.Sender;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The activity dies before, during and after Twilio's request, and after the ledger write: each key
 * reaches Twilio's Messages (or Calls) create at most once, and a send Twilio's records cannot
 * settle is UNCONFIRMED, never sent again. A dead attempt is played by its traces: the ledger's
 * claim without a result, and what the Twilio double holds.
 */
@Timeout(60)
class TwilioCrashTest {
  private static final String KEY = "L:1";
  private static final String BODY =
      "Hi Ada, just following up. Is now a good time to talk? Reply STOP to opt out.";

  private final TwilioDouble twilio = new TwilioDouble();
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final TwilioProvider provider = twilio.provider();
  private final Sender sender = new Sender(ledger, leads, new MessageRenderer(), provider);

  @BeforeEach
  void lead() {
    leads.put(new Lead("L", "Ada", "Lovelace", TO, null, "UTC", Map.of(), false, false, null));
  }

  @AfterEach
  void stop() {
    twilio.close();
  }

  private static SendRequest text() {
    return SendRequest.step("L", 1, Channel.TEXT, KEY, null, null, false, null);
  }

  /** What an attempt that got as far as the claim leaves behind. */
  private Instant claimed() {
    return ledger.claim(KEY, "L", 1, Channel.TEXT).entry().claimedAt();
  }

  private LedgerEntry entry() {
    return ledger.find(KEY).orElseThrow();
  }

  @Test
  void diesBeforeTheRequest_theRetryFindsNothingAndSendsOnce() {
    claimed();
    twilio.messagesListed(List.of(), false);
    twilio.messageCreated("SM1", BODY);

    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(result.providerId()).isEqualTo("SM1");
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void diesDuringTheRequest_twilioTookIt_theRetryRecordsItsSidAndSendsNothing() {
    twilio.stub(
        post(urlEqualTo(MESSAGES))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    // the answer is lost: to the attempt, Twilio is unreachable; the claim stays PENDING
    assertThatThrownBy(() -> sender.send(text(), Channel.TEXT))
        .isInstanceOf(ProviderException.class);
    assertThat(entry().pending()).isTrue();

    // Twilio did create it
    twilio.messagesListed(List.of(message("SM2", TO, BODY, Instant.now())), false);
    SendResult retried = sender.send(text(), Channel.TEXT);

    assertThat(retried.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(retried.providerId()).isEqualTo("SM2");
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void diesAfterTheRequest_beforeTheLedgerWrite_theRetryRecordsItAndSendsNothing() {
    Instant at = claimed();
    twilio.messageCreated("SM3", BODY);
    // the attempt handed the send over, then died before it recorded the result
    provider.deliver(new Delivery(Channel.TEXT, KEY, TO, null, BODY, null, null, null, null));
    twilio.messagesListed(List.of(message("SM3", TO, BODY, at.plusSeconds(1))), false);

    SendResult retried = sender.send(text(), Channel.TEXT);

    assertThat(retried.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(retried.providerId()).isEqualTo("SM3");
    assertThat(retried.detail()).isEqualTo("handed over by an earlier attempt");
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void diesAfterTheLedgerWrite_theRetryAnswersFromTheLedgerWithoutAskingTwilio() {
    twilio.messageCreated("SM4", BODY);
    SendResult first = sender.send(text(), Channel.TEXT);
    int requests = twilio.server.getAllServeEvents().size();

    SendResult retried = sender.send(text(), Channel.TEXT);

    assertThat(retried).isEqualTo(first);
    assertThat(twilio.server.getAllServeEvents()).hasSize(requests);
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void anotherMessageToTheNumberSinceTheClaimIsInconclusive_unconfirmedNeverResent() {
    Instant at = claimed();
    twilio.messagesListed(List.of(message("SM5", TO, "Something else", at.plusSeconds(2))), false);

    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(result.detail()).contains("another message went to the number since the claim");
    assertThat(twilio.posts(MESSAGES)).isZero();
    // settled: a further retry neither asks nor sends
    assertThat(sender.send(text(), Channel.TEXT)).isEqualTo(result);
    assertThat(twilio.posts(MESSAGES)).isZero();
  }

  @Test
  void aLookupTwilioCannotAnswerNowIsAskedAgain_andTheTextGoesOutOnceAfterTheOutage() {
    claimed();
    twilio.stub(get(urlPathEqualTo(MESSAGES)).willReturn(error(500, 20500)));

    // Twilio is down: the attempt fails (Temporal retries it) and the claim stays
    assertThatThrownBy(() -> sender.send(text(), Channel.TEXT))
        .isInstanceOf(ProviderException.class);
    assertThat(entry().pending()).isTrue();
    assertThat(twilio.posts(MESSAGES)).isZero();

    // back, with nothing of this text: the retry sends it, once
    twilio.messagesListed(List.of(), false);
    twilio.messageCreated("SM8", BODY);
    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(result.providerId()).isEqualTo("SM8");
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void aLookupTwilioRefusesForGoodIsInconclusive_unconfirmedNeverResent() {
    claimed();
    twilio.stub(get(urlPathEqualTo(MESSAGES)).willReturn(error(401, 20003)));

    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(result.detail()).contains("Twilio could not be asked");
    assertThat(twilio.posts(MESSAGES)).isZero();
  }

  @Test
  void aFullPageThatDoesNotReachBackToTheClaimIsInconclusive() {
    Instant at = claimed();
    // only inbound messages since the claim on this page, and more pages
    String inbound =
        message("SM6", TO, "hello", at.plusSeconds(1)).replace("outbound-api", "inbound");
    twilio.messagesListed(List.of(inbound), true);

    assertThat(sender.send(text(), Channel.TEXT).status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(twilio.posts(MESSAGES)).isZero();
  }

  @Test
  void theSameTextBeforeTheClaimAndItsSkewIsAnEarlierSend_thisOneGoesOut() {
    Instant at = claimed();
    twilio.messagesListed(List.of(message("SM0", TO, BODY, at.minus(Duration.ofHours(2)))), true);
    twilio.messageCreated("SM7", BODY);

    assertThat(sender.send(text(), Channel.TEXT).providerId()).isEqualTo("SM7");
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void aCallWhoseAttemptDiedBeforeItSavedTheSidIsFoundByNumberAndFollowed() {
    Instant at = ledger.claim(KEY, "L", 1, Channel.CALL).entry().claimedAt();
    twilio.callsListed(
        List.of(TwilioDouble.call("CA9", "ringing", null, at.plusSeconds(1))), false);
    twilio.callGoesThrough("CA9", "in-progress human", "completed human 12");

    SendResult result =
        sender.send(
            SendRequest.step("L", 1, Channel.CALL, KEY, null, null, false, null), Channel.CALL);

    assertThat(result.status()).isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(result.providerId()).isEqualTo("CA9");
    assertThat(twilio.posts(CALLS)).isZero();
  }

  @Test
  void aCallThatLeftTheVoicemailSaysItAndRecordsItAsTheContent() {
    String voicemail =
        new MessageRenderer().render(leads.find("L").orElseThrow(), Channel.VOICEMAIL).body();
    twilio.callCreated("CA5");
    twilio.callGoesThrough(
        "CA5", "ringing", "in-progress machine_end_beep", "completed machine_end_beep 30");

    SendResult result =
        sender.send(
            SendRequest.step("L", 1, Channel.CALL, KEY, null, null, true, null), Channel.CALL);

    assertThat(result.status()).isEqualTo(DeliveryStatus.VOICEMAIL_LEFT);
    assertThat(entry().result().content()).isEqualTo(voicemail);
    twilio.server.verify(
        postRequestedFor(urlEqualTo(TwilioDouble.BASE + "/Calls/CA5.json"))
            .withFormParam(
                "Twiml", equalTo(TwimlText.voicemail(voicemail, CallOptOut.withoutCallback()))));
  }

  @Test
  void aResumedCallThatCannotBeReadRightNowIsRetriedNotSettled() {
    ledger.claim(KEY, "L", 1, Channel.CALL);
    twilio.stub(
        get(urlEqualTo(TwilioDouble.BASE + "/Calls/CA6.json")).willReturn(error(500, 20500)));
    TwilioProviderTest.Saved heartbeat = new TwilioProviderTest.Saved();
    heartbeat.recalled = "CA6";

    assertThatThrownBy(
            () ->
                sender.send(
                    SendRequest.step("L", 1, Channel.CALL, KEY, null, null, false, null),
                    Channel.CALL,
                    heartbeat))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isFalse());
    assertThat(entry().pending()).isTrue();
    assertThat(twilio.posts(CALLS)).isZero();
  }

  @Test
  void anUnsubscribedRecipientOptsTheLeadOutAndTheSendIsBlocked() {
    twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(error(400, 21610)));

    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(result.detail()).contains("TWILIO_21610");
    assertThat(leads.find("L").orElseThrow().unsubscribed()).isTrue();
    assertThat(leads.optOuts()).containsExactly("L sms TWILIO_21610");
    // the next send is blocked before Twilio is asked
    SendResult next =
        sender.send(
            SendRequest.step("L", 2, Channel.TEXT, "L:2", null, null, false, null), Channel.TEXT);
    assertThat(next.status()).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void anInvalidNumberIsFailedForGood() {
    twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(error(400, 21211)));

    SendResult result = sender.send(text(), Channel.TEXT);

    assertThat(result.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(result.detail()).isEqualTo("Twilio error 21211: invalid phone number");
    assertThat(entry().pending()).isFalse();
  }

  @Test
  void aThrottledSendIsRetriedAfterTwiliosRetryAfter() {
    twilio.stub(
        post(urlEqualTo(MESSAGES)).willReturn(error(429, 20429).withHeader("Retry-After", "7")));

    assertThatThrownBy(() -> sender.send(text(), Channel.TEXT))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
              assertThat(f.isNonRetryable()).isFalse();
            });
    // a 429 took nothing: the claim is released, and the retry sends without asking first
    assertThat(ledger.find(KEY)).isEmpty();
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
    twilio.messageCreated("SM8", BODY);
    assertThat(sender.send(text(), Channel.TEXT).providerId()).isEqualTo("SM8");
    assertThat(twilio.server.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getMethod().getName().equals("GET"));
    assertThat(twilio.posts(MESSAGES)).isEqualTo(2);
  }

  @Test
  void noConnectionAtAllReleasesTheClaim() {
    TwilioAccount nowhere =
        new TwilioAccount(
            TwilioDouble.ACCOUNT,
            TwilioDouble.TOKEN,
            TwilioDouble.FROM,
            null,
            java.net.URI.create("http://127.0.0.1:9"),
            null,
            null);
    Sender offline = new Sender(ledger, leads, new MessageRenderer(), twilio.provider(nowhere));

    assertThatThrownBy(() -> offline.send(text(), Channel.TEXT))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.notSent()).isTrue());
    assertThat(ledger.find(KEY)).isEmpty();
  }

  @Test
  void aServerErrorIsRetriedWithTheUsualBackoff() {
    twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(json(500, "{}")));

    assertThatThrownBy(() -> sender.send(text(), Channel.TEXT))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.permanent()).isFalse());
    assertThat(entry().pending()).isTrue();
  }
}

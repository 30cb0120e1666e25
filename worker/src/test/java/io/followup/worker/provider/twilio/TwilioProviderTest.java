package io.followup.worker.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.followup.worker.provider.twilio.TwilioDouble.ACCOUNT;
import static io.followup.worker.provider.twilio.TwilioDouble.BASE;
import static io.followup.worker.provider.twilio.TwilioDouble.CALLS;
import static io.followup.worker.provider.twilio.TwilioDouble.FROM;
import static io.followup.worker.provider.twilio.TwilioDouble.MESSAGES;
import static io.followup.worker.provider.twilio.TwilioDouble.TO;
import static io.followup.worker.provider.twilio.TwilioDouble.TOKEN;
import static io.followup.worker.provider.twilio.TwilioDouble.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.provider.SendProgress;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exact requests the SDK sends through the provider, and how Twilio's answers are read. */
@Timeout(60)
class TwilioProviderTest {
  private final TwilioDouble twilio = new TwilioDouble();
  private final Saved saved = new Saved();

  @AfterEach
  void stop() {
    twilio.close();
  }

  /** Records what a call saves in its heartbeat. */
  static final class Saved implements SendProgress {
    final List<String> details = new ArrayList<>();
    String recalled;

    @Override
    public Optional<String> recalled() {
      return Optional.ofNullable(recalled);
    }

    @Override
    public void save(String value) {
      details.add(value);
    }
  }

  private static Delivery text(String body) {
    return new Delivery(Channel.TEXT, "L:1", TO, null, body, null, null, null, null);
  }

  private static Delivery call(String voicemail) {
    return new Delivery(
        Channel.CALL, "L:1", TO, null, "Hi Ada, a quick call", null, voicemail, null, null);
  }

  @Test
  void aTextIsOneMessagesCreateWithToFromAndBodyUnderTheAccountsBasicAuth() {
    twilio.messageCreated("SM1", "Hi Ada");

    ProviderReceipt receipt = twilio.provider().deliver(text("Hi Ada & co"));

    assertThat(receipt).isEqualTo(ProviderReceipt.sent("SM1"));
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withBasicAuth(new BasicCredentials(ACCOUNT, TOKEN))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("To", equalTo(TO))
            .withFormParam("From", equalTo(FROM))
            .withFormParam("Body", equalTo("Hi Ada & co"))
            .withFormParam("MessagingServiceSid", absent()));
  }

  /** SPEC "Compliance": delivered inside the window or not at all. */
  @Test
  void everyTextCarriesAValidityPeriodThatEndsWhenTheLeadsWindowCloses() {
    twilio.messageCreated("SM1", "Hi");
    java.time.Instant closes = java.time.Instant.now().plus(Duration.ofMinutes(30));

    twilio
        .provider()
        .deliver(new Delivery(Channel.TEXT, "L:1", TO, null, "Hi", null, null, null, closes));
    // no window binds it: Twilio's longest, 10 hours
    twilio.provider().deliver(text("Hi"));

    List<String> periods =
        twilio.server.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
            .map(r -> r.formParameter("ValidityPeriod").firstValue())
            .toList();
    assertThat(Integer.parseInt(periods.get(0))).isBetween(1_790, 1_800);
    assertThat(periods.get(1)).isEqualTo("36000");
  }

  @Test
  void theValidityIsAtMostTenHoursAndAtLeastOneSecond() {
    java.time.Instant now = java.time.Instant.parse("2026-12-07T12:00:00Z");
    assertThat(TwilioMessages.validityPeriod(now.plus(Duration.ofHours(11)), now))
        .isEqualTo(36_000);
    assertThat(TwilioMessages.validityPeriod(now.plusSeconds(90), now)).isEqualTo(90);
    assertThat(TwilioMessages.validityPeriod(now.minusSeconds(5), now)).isEqualTo(1);
    assertThat(TwilioMessages.validityPeriod(null, now)).isEqualTo(36_000);
  }

  @Test
  void withAMessagingServiceTheTextNamesTheServiceInsteadOfANumber() {
    twilio.messageCreated("SM2", "Hi");
    TwilioAccount viaService =
        new TwilioAccount(
            ACCOUNT,
            TOKEN,
            null,
            "MG0123456789abcdef0123456789abcdef",
            twilio.baseUrl(),
            null,
            null);

    twilio.provider(viaService).deliver(text("Hi"));

    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withFormParam("To", equalTo(TO))
            .withFormParam("MessagingServiceSid", equalTo("MG0123456789abcdef0123456789abcdef"))
            .withFormParam("From", absent())
            .withFormParam("Body", equalTo("Hi")));
  }

  @Test
  void withAStatusCallbackTextsAndCallsAskTwilioToReportThere() {
    URI callback = URI.create("https://followup.example.com/v1/webhooks/twilio/status");
    TwilioAccount reporting =
        new TwilioAccount(ACCOUNT, TOKEN, FROM, null, twilio.baseUrl(), callback, null);
    twilio.messageCreated("SM3", "Hi");
    twilio.callCreated("CA3");
    twilio.callGoesThrough("CA3", "in-progress human", "completed human 5");

    twilio.provider(reporting).deliver(text("Hi"));
    twilio.provider(reporting).deliver(call(null), saved);

    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withFormParam("StatusCallback", equalTo(callback.toString())));
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(CALLS))
            .withFormParam("StatusCallback", equalTo(callback.toString())));
  }

  @Test
  void withoutAStatusCallbackNoneIsAskedFor() {
    twilio.messageCreated("SM4", "Hi");

    twilio.provider().deliver(text("Hi"));

    twilio.server.verify(
        1, postRequestedFor(urlEqualTo(MESSAGES)).withFormParam("StatusCallback", absent()));
  }

  @Test
  void aCallIsPlacedWithMachineDetectionAndAHoldThenAPersonHearsTheScript() {
    twilio.callCreated("CA1");
    twilio.callGoesThrough(
        "CA1", "queued", "ringing", "in-progress", "in-progress human", "completed human 42");

    ProviderReceipt receipt = twilio.provider().deliver(call(null), saved);

    assertThat(receipt.status()).isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(receipt.providerId()).isEqualTo("CA1");
    // followed on after the script to its end, for the duration Twilio reports then
    assertThat(receipt.durationSeconds()).isEqualTo(42);
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(CALLS))
            .withBasicAuth(new BasicCredentials(ACCOUNT, TOKEN))
            .withFormParam("To", equalTo(TO))
            .withFormParam("From", equalTo(FROM))
            .withFormParam("Twiml", equalTo("<Response><Pause length=\"45\"/></Response>"))
            .withFormParam("MachineDetection", equalTo("DetectMessageEnd"))
            .withFormParam("Timeout", equalTo("60")));
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA1.json"))
            .withFormParam(
                "Twiml", equalTo("<Response><Say>Hi Ada, a quick call</Say></Response>")));
    // the SID first, so a retry follows this call; then what was done on it
    assertThat(saved.details).startsWith("CA1").endsWith("CA1 SPOKEN");
  }

  /** SPEC "Compliance": a key-press opt-out on every call a person answers. */
  @Test
  void aPersonHearsTheScriptThenTheKeyPressOptOut() {
    twilio.callCreated("CA1");
    twilio.callGoesThrough("CA1", "in-progress human", "completed human 20");
    TwilioAccount account =
        new TwilioAccount(
            ACCOUNT,
            TOKEN,
            FROM,
            null,
            twilio.baseUrl(),
            null,
            new CallOptOut(
                URI.create("https://followup.example.com/v1/webhooks/twilio/gather"),
                "7",
                null,
                null));

    twilio.provider(account).deliver(call(null), saved);

    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA1.json"))
            .withFormParam(
                "Twiml",
                equalTo(
                    "<Response><Say>Hi Ada, a quick call</Say><Gather numDigits=\"1\""
                        + " timeout=\"5\" method=\"POST\""
                        + " action=\"https://followup.example.com/v1/webhooks/twilio/gather\">"
                        + "<Say>To stop these calls, press 7.</Say></Gather></Response>")));
  }

  @Test
  void aVoicemailSaysHowToOptOut() {
    twilio.callCreated("CA2");
    twilio.callGoesThrough("CA2", "in-progress machine_end_beep", "completed machine_end_beep 25");

    twilio.provider().deliver(call("Sorry I missed you"), saved);

    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA2.json"))
            .withFormParam(
                "Twiml",
                equalTo(
                    "<Response><Say>Sorry I missed you "
                        + CallOptOut.DEFAULT_VOICEMAIL_WORDS
                        + "</Say></Response>")));
  }

  @Test
  void aCallStillGoingOnAtTheFollowLimitAfterTheScriptIsAnsweredWithoutADuration() {
    twilio.callCreated("CA4");
    twilio.callGoesThrough("CA4", "in-progress human");
    TwilioProvider provider =
        new TwilioProvider(
            twilio.account(),
            TwilioProvider.Settings.DEFAULTS
                .withPollInterval(Duration.ofMillis(10))
                .withFollowLimit(Duration.ofMillis(300)),
            java.time.Clock.systemUTC());

    ProviderReceipt receipt = provider.deliver(call(null), saved);

    // decided and spoken: an outcome, not a retry; the duration is unknown
    assertThat(receipt.status()).isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(receipt.durationSeconds()).isNull();
    // spoken once, however many times the call was read while it went on
    twilio.server.verify(1, postRequestedFor(urlEqualTo(BASE + "/Calls/CA4.json")));
    assertThat(saved.details).last().isEqualTo("CA4 SPOKEN");
  }

  @Test
  void aMachineWithVoicemailEnabledGetsTheVoicemailOnTheSameCall() {
    twilio.callCreated("CA2");
    twilio.callGoesThrough(
        "CA2", "ringing", "in-progress machine_end_beep", "completed machine_end_beep 31");

    ProviderReceipt receipt = twilio.provider().deliver(call("Sorry I missed you <3"), saved);

    assertThat(receipt.status()).isEqualTo(DeliveryStatus.VOICEMAIL_LEFT);
    assertThat(twilio.posts(CALLS)).isEqualTo(1);
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA2.json"))
            .withFormParam(
                "Twiml",
                equalTo(
                    "<Response><Say>Sorry I missed you &lt;3 "
                        + CallOptOut.DEFAULT_VOICEMAIL_WORDS
                        + "</Say></Response>")));
    assertThat(saved.details).last().isEqualTo("CA2 VOICEMAIL");
  }

  @Test
  void aMachineWithoutVoicemailIsHungUpAsNoAnswer() {
    twilio.callCreated("CA3");
    twilio.callGoesThrough(
        "CA3", "in-progress machine_end_silence", "completed machine_end_silence 9");

    ProviderReceipt receipt = twilio.provider().deliver(call(null), saved);

    assertThat(receipt.status()).isEqualTo(DeliveryStatus.NO_ANSWER);
    twilio.server.verify(
        1,
        postRequestedFor(urlEqualTo(BASE + "/Calls/CA3.json"))
            .withFormParam("Status", equalTo("completed"))
            .withFormParam("Twiml", absent()));
  }

  @Test
  void aCallPolledToItsEndCarriesTwiliosDurationInSeconds() {
    twilio.callCreated("CA7");
    twilio.callGoesThrough("CA7", "ringing", "completed human 37");

    ProviderReceipt receipt = twilio.provider().deliver(call(null), saved);

    assertThat(receipt.status()).isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(receipt.providerId()).isEqualTo("CA7");
    assertThat(receipt.durationSeconds()).isEqualTo(37);
  }

  @Test
  void busyNoAnswerFailedAndCanceledAreOutcomesNotErrors() {
    for (String status : List.of("busy", "no-answer", "failed", "canceled")) {
      twilio.server.resetAll();
      twilio.callCreated("CA-" + status);
      twilio.callGoesThrough("CA-" + status, "ringing", status);

      ProviderReceipt receipt = twilio.provider().deliver(call("vm"), saved);

      assertThat(receipt.status()).as(status).isEqualTo(DeliveryStatus.NO_ANSWER);
      assertThat(receipt.detail()).isEqualTo("call " + status);
      // nothing to act on: no update of the call
      assertThat(twilio.posts(BASE + "/Calls/CA-" + status + ".json")).isZero();
    }
  }

  @Test
  void aSeparateVoicemailPlacesNothing() {
    ProviderReceipt receipt =
        twilio
            .provider()
            .deliver(
                new Delivery(
                    Channel.VOICEMAIL, "L:1:voicemail", TO, null, "vm", null, null, null, null),
                saved);

    assertThat(receipt.status()).isEqualTo(DeliveryStatus.NO_ANSWER);
    assertThat(twilio.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void a429IsTransientAndCarriesRetryAfterWithOneRequest() {
    twilio.stub(
        post(urlEqualTo(MESSAGES)).willReturn(error(429, 20429).withHeader("Retry-After", "7")));

    assertThatThrownBy(() -> twilio.provider().deliver(text("Hi")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.permanent()).isFalse();
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void aRetryAfterBeyondTheCapIsCapped() {
    twilio.stub(
        post(urlEqualTo(MESSAGES))
            .willReturn(error(503, 20503).withHeader("Retry-After", "86400")));

    assertThatThrownBy(() -> twilio.provider().deliver(text("Hi")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10)));
  }

  @Test
  void a500IsTransientAndTheSdkDoesNotRepeatThePost() {
    twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(error(500, 20500)));

    assertThatThrownBy(() -> twilio.provider().deliver(text("Hi")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.permanent()).isFalse();
              assertThat(e.retryAfter()).isNull();
            });
    // the SDK alone would have sent it three times
    assertThat(twilio.posts(MESSAGES)).isEqualTo(1);
  }

  @Test
  void anInvalidNumberIsPermanentAndTheFailureDoesNotQuoteTheNumber() {
    for (int code : List.of(21211, 21614)) {
      twilio.server.resetAll();
      twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(error(400, code)));

      assertThatThrownBy(() -> twilio.provider().deliver(text("Hi")))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.permanent()).isTrue();
                assertThat(e.recipientOptedOut()).isFalse();
                assertThat(e.getMessage())
                    .isEqualTo("Twilio error " + code + ": invalid phone number")
                    .doesNotContain(TO);
              });
    }
  }

  @Test
  void anUnsubscribedRecipientIsAnOptOut() {
    twilio.stub(post(urlEqualTo(MESSAGES)).willReturn(error(400, 21610)));

    assertThatThrownBy(() -> twilio.provider().deliver(text("Hi")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.recipientOptedOut()).isTrue();
              assertThat(e.optOutReason()).isEqualTo("TWILIO_21610");
            });
  }

  @Test
  void theLookupOfATextAsksForMessagesToTheNumberFromOurs() {
    twilio.messagesListed(List.of(), false);

    assertThat(
            twilio.provider().lookup("L:1", text("Hi"), java.time.Instant.now(), SendProgress.NONE))
        .isEqualTo(io.followup.worker.provider.Lookup.notSent());
    twilio.server.verify(
        1,
        getRequestedFor(urlPathEqualTo(MESSAGES))
            .withBasicAuth(new BasicCredentials(ACCOUNT, TOKEN))
            .withQueryParam("To", equalTo(TO))
            .withQueryParam("From", equalTo(FROM))
            .withQueryParam("PageSize", equalTo("50")));
  }

  @Test
  void theAccountNeverShowsItsToken() {
    assertThat(twilio.account().toString()).doesNotContain(TOKEN).contains(ACCOUNT);
  }
}

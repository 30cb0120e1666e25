package io.followup.worker.provider.twilio;

import com.twilio.http.TwilioRestClient;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.provider.SendProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Texts, calls and voicemails through Twilio's REST API (the official SDK).
 *
 * <p><b>Texts</b> ({@link TwilioMessages}): one Messages create (To, From or MessagingServiceSid,
 * Body).
 *
 * <p><b>Calls</b> ({@link TwilioCalls}): one Calls create with answering-machine detection ({@code
 * MachineDetection=DetectMessageEnd}) and a holding TwiML (a pause). Twilio runs the TwiML once
 * detection has decided, so the provider polls the Call resource (status, AnsweredBy), saving the
 * call SID in the send's progress (the activity heartbeat), and then replaces the live call's
 * TwiML: a person (or an undecided detection) hears the script ({@code <Say>}) → ANSWERED; a
 * machine, after the beep, hears the voicemail when the step leaves one → VOICEMAIL_LEFT, else the
 * call is hung up → NO_ANSWER. Busy, no-answer, failed and canceled calls are NO_ANSWER with the
 * call's status as detail. An attempt that replaces a dead one reads the SID from the progress and
 * follows the same call. A voicemail is only ever left on a call: a separate voicemail send (after
 * a call nobody, not even a machine, picked up) places nothing and is NO_ANSWER.
 *
 * <p><b>At most once</b>: Twilio takes no idempotency key, so the ledger's claim before the request
 * is the guard, and an attempt that finds a claim without a result asks {@link #lookup(String,
 * Delivery, Instant, SendProgress)}: the messages (or calls) to the lead's number created since the
 * claim.
 *
 * <p>Twilio's errors become the provider contract's failures in {@link TwilioRequests}. No log line
 * above DEBUG carries the number, the body or the token.
 */
public final class TwilioProvider implements ChannelProvider {
  private final TwilioMessages messages;
  private final TwilioCalls calls;

  /**
   * How calls are followed and earlier attempts looked up.
   *
   * @param pollInterval between two reads of a live call
   * @param ringTimeout how long a call rings before Twilio gives up (its {@code Timeout})
   * @param followLimit how long one attempt follows a call before it hands over to a retry
   * @param clockSkew how far Twilio's clock may be from ours: a lookup searches from the claim
   *     minus this
   * @param lookupPageSize records read per lookup; more than a page since the claim is inconclusive
   * @param maxRetryAfter the longest {@code Retry-After} honoured
   */
  public record Settings(
      Duration pollInterval,
      Duration ringTimeout,
      Duration followLimit,
      Duration clockSkew,
      int lookupPageSize,
      Duration maxRetryAfter) {

    public static final Settings DEFAULTS =
        new Settings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            Duration.ofSeconds(150),
            Duration.ofMinutes(5),
            50,
            Duration.ofMinutes(10));

    public Settings withPollInterval(Duration value) {
      return new Settings(
          value, ringTimeout, followLimit, clockSkew, lookupPageSize, maxRetryAfter);
    }

    public Settings withFollowLimit(Duration value) {
      return new Settings(
          pollInterval, ringTimeout, value, clockSkew, lookupPageSize, maxRetryAfter);
    }
  }

  public TwilioProvider(TwilioAccount account) {
    this(account, Settings.DEFAULTS, Clock.systemUTC());
  }

  public TwilioProvider(TwilioAccount account, Settings settings, Clock clock) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    TwilioRestClient client =
        new TwilioRestClient.Builder(account.accountSid(), account.authToken())
            .accountSid(account.accountSid())
            .httpClient(new TwilioHttpClient(account.apiBaseUrl(), clock))
            .build();
    TwilioRequests twilio = new TwilioRequests(client, settings.maxRetryAfter());
    this.messages = new TwilioMessages(account, twilio, settings, clock);
    this.calls = new TwilioCalls(account, twilio, settings, clock);
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    return deliver(delivery, SendProgress.NONE);
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery, SendProgress progress) {
    return switch (delivery.channel()) {
      case TEXT -> messages.send(delivery);
      case CALL -> calls.call(delivery, progress);
      case VOICEMAIL -> TwilioCalls.noMachine();
      case EMAIL -> throw new IllegalArgumentException("Twilio sends no email");
    };
  }

  /**
   * Twilio answers nothing by idempotency key: {@link #lookup(String, Delivery, Instant,
   * SendProgress)}.
   */
  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    return Optional.empty();
  }

  @Override
  public boolean confirmsDeliveries() {
    return false;
  }

  /**
   * Texts: {@link TwilioMessages#lookup}; calls: {@link TwilioCalls#lookup}. An error while asking
   * is unknown: the send is then recorded UNCONFIRMED, never resent.
   */
  @Override
  public Lookup lookup(
      String idempotencyKey, Delivery delivery, Instant claimedAt, SendProgress progress) {
    if (delivery == null) {
      return Lookup.unknown("the lead's number is gone; Twilio can only be searched by number");
    }
    return switch (delivery.channel()) {
      case TEXT -> TwilioRequests.search(delivery, () -> messages.lookup(delivery, claimedAt));
      case CALL -> calls.lookup(delivery, claimedAt, progress);
      case VOICEMAIL -> Lookup.notSent();
      case EMAIL -> throw new IllegalArgumentException("Twilio sends no email");
    };
  }
}

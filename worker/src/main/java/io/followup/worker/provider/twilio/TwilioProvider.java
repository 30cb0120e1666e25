package io.followup.worker.provider.twilio;

import com.twilio.base.Page;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.provider.SendProgress;
import io.followup.workflows.activities.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts, calls and voicemails through Twilio's REST API (the official SDK).
 *
 * <p><b>Texts</b>: one Messages create (To, From or MessagingServiceSid, Body).
 *
 * <p><b>Calls</b>: one Calls create with answering-machine detection ({@code
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
 * <p>No log line above DEBUG carries the number, the body or the token.
 */
public final class TwilioProvider implements ChannelProvider {
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  /** Invalid or unreachable numbers: retrying cannot help. */
  static final Set<Integer> INVALID_NUMBER = Set.of(21211, 21214, 21217, 21401, 21407, 21614);

  /** The recipient replied STOP to this sender at Twilio: the lead is opted out. */
  static final int UNSUBSCRIBED = 21610;

  /**
   * How long a decided call waits, silent, for the provider to replace its TwiML before it ends on
   * its own (a worker that died and a retry that does not come in time).
   */
  private static final Duration HOLD = Duration.ofSeconds(45);

  private final TwilioAccount account;
  private final TwilioRestClient client;
  private final Settings settings;
  private final Clock clock;

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
    this.account = Objects.requireNonNull(account, "account");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client =
        new TwilioRestClient.Builder(account.accountSid(), account.authToken())
            .accountSid(account.accountSid())
            .httpClient(new TwilioHttpClient(account.apiBaseUrl(), clock))
            .build();
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    return deliver(delivery, SendProgress.NONE);
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery, SendProgress progress) {
    return switch (delivery.channel()) {
      case TEXT -> text(delivery);
      case CALL -> call(delivery, progress);
      case VOICEMAIL -> noMachine();
      case EMAIL -> throw new IllegalArgumentException("Twilio sends no email");
    };
  }

  private ProviderReceipt text(Delivery delivery) {
    PhoneNumber to = new PhoneNumber(delivery.to());
    MessageCreator creator =
        account.messagingServiceSid() != null
            ? Message.creator(
                account.accountSid(), to, account.messagingServiceSid(), delivery.body())
            : Message.creator(
                account.accountSid(), to, new PhoneNumber(account.fromNumber()), delivery.body());
    if (account.messagingServiceSid() != null && account.fromNumber() != null) {
      creator.setFrom(new PhoneNumber(account.fromNumber()));
    }
    if (account.statusCallback() != null) {
      creator.setStatusCallback(account.statusCallback());
    }
    Message message = twilio(() -> creator.create(client));
    log.info("send {}: Twilio message {}", delivery.idempotencyKey(), message.getSid());
    return ProviderReceipt.sent(message.getSid());
  }

  private ProviderReceipt call(Delivery delivery, SendProgress progress) {
    if (account.fromNumber() == null) {
      throw ProviderException.permanent("calls need TWILIO_FROM_NUMBER");
    }
    CallCreator creator =
        Call.creator(
                account.accountSid(),
                new PhoneNumber(delivery.to()),
                new PhoneNumber(account.fromNumber()),
                new Twiml(TwimlText.hold(HOLD)))
            .setMachineDetection("DetectMessageEnd")
            .setTimeout((int) settings.ringTimeout().toSeconds());
    if (account.statusCallback() != null) {
      // Twilio's default for calls: the callback when the call completes
      creator.setStatusCallback(account.statusCallback());
    }
    Call call = twilio(() -> creator.create(client));
    // first thing: a retry of this attempt follows this call instead of dialling again
    progress.save(CallProgress.placed(call.getSid()).toString());
    log.info("send {}: Twilio call {} placed", delivery.idempotencyKey(), call.getSid());
    return follow(CallProgress.placed(call.getSid()), delivery, progress);
  }

  /** A voicemail is left on the call a machine answers; with no call to leave it on, none. */
  private static ProviderReceipt noMachine() {
    return new ProviderReceipt(
        null,
        DeliveryStatus.NO_ANSWER,
        "no answering machine took the call; Twilio voicemails are left on the call itself");
  }

  /** Polls the call until it is decided, acts on it, and reports the outcome. */
  private ProviderReceipt follow(CallProgress progress, Delivery delivery, SendProgress saved) {
    Instant giveUp = clock.instant().plus(settings.followLimit());
    while (true) {
      Call call = twilio(() -> Call.fetcher(account.accountSid(), progress.sid()).fetch(client));
      Optional<ProviderReceipt> outcome = decide(call, progress, delivery, saved);
      if (outcome.isPresent()) {
        return outcome.get();
      }
      if (!clock.instant().isBefore(giveUp)) {
        // a retry resumes this call from the progress
        throw ProviderException.temporary(
            "call " + progress.sid() + " still " + call.getStatus() + "; following it on retry",
            null,
            null);
      }
      saved.save(progress.toString());
      pause();
    }
  }

  private Optional<ProviderReceipt> decide(
      Call call, CallProgress progress, Delivery delivery, SendProgress saved) {
    String sid = progress.sid();
    Call.Status status = call.getStatus();
    AnsweredBy by = AnsweredBy.of(call.getAnsweredBy());
    if (status == null
        || status == Call.Status.QUEUED
        || status == Call.Status.RINGING
        || (status == Call.Status.IN_PROGRESS && by == AnsweredBy.PENDING)) {
      return Optional.empty();
    }
    if (status == Call.Status.IN_PROGRESS) {
      if (progress.acted() != null) {
        return Optional.of(receipt(sid, progress.acted(), "call in progress"));
      }
      CallProgress.Act act =
          switch (by) {
            case HUMAN -> CallProgress.Act.SPOKEN;
            case MACHINE ->
                delivery != null && delivery.voicemail() != null
                    ? CallProgress.Act.VOICEMAIL
                    : CallProgress.Act.HUNG_UP;
            case FAX -> CallProgress.Act.HUNG_UP;
            case PENDING -> throw new IllegalStateException("undecided");
          };
      if (act == CallProgress.Act.HUNG_UP) {
        twilio(
            () ->
                Call.updater(account.accountSid(), sid)
                    .setStatus(Call.UpdateStatus.COMPLETED)
                    .update(client));
      } else {
        if (delivery == null) {
          // the lead is gone: nothing to say; hang up
          twilio(
              () ->
                  Call.updater(account.accountSid(), sid)
                      .setStatus(Call.UpdateStatus.COMPLETED)
                      .update(client));
          return Optional.of(receipt(sid, CallProgress.Act.HUNG_UP, "answered; lead gone"));
        }
        String text = act == CallProgress.Act.SPOKEN ? delivery.body() : delivery.voicemail();
        twilio(
            () ->
                Call.updater(account.accountSid(), sid)
                    .setTwiml(new Twiml(TwimlText.say(text)))
                    .update(client));
      }
      saved.save(progress.with(act).toString());
      log.info(
          "send {}: Twilio call {} {}",
          delivery == null ? "?" : delivery.idempotencyKey(),
          sid,
          act);
      return Optional.of(receipt(sid, act, "answered by " + by.wire()));
    }
    if (status == Call.Status.COMPLETED) {
      if (progress.acted() != null) {
        return Optional.of(receipt(sid, progress.acted(), "call completed"));
      }
      return Optional.of(
          switch (by) {
            case HUMAN, PENDING ->
                new ProviderReceipt(
                    sid,
                    DeliveryStatus.ANSWERED,
                    "answered and ended before the script was spoken");
            case MACHINE, FAX ->
                new ProviderReceipt(
                    sid,
                    DeliveryStatus.NO_ANSWER,
                    "answered by " + by.wire() + " and ended before a message was left");
          });
    }
    // busy, no-answer, failed, canceled: outcomes, not errors
    return Optional.of(
        new ProviderReceipt(sid, DeliveryStatus.NO_ANSWER, "call " + status.toString()));
  }

  private static ProviderReceipt receipt(String sid, CallProgress.Act act, String detail) {
    return switch (act) {
      case SPOKEN -> new ProviderReceipt(sid, DeliveryStatus.ANSWERED, detail);
      case VOICEMAIL -> new ProviderReceipt(sid, DeliveryStatus.VOICEMAIL_LEFT, detail);
      case HUNG_UP ->
          new ProviderReceipt(sid, DeliveryStatus.NO_ANSWER, detail + "; hung up, no voicemail");
    };
  }

  private void pause() {
    try {
      Thread.sleep(settings.pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.temporary("interrupted while following a call", null, e);
    }
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
   * Texts: the messages to the number (from our number, when texts are not sent through a messaging
   * service) newest first, one page. One created since the claim (less the clock skew) with the
   * same body → found; one with another body → unknown (it may be this send, altered); none, and
   * the page reaches back past the claim or is the last → not sent; otherwise unknown.
   *
   * <p>Calls: the call SID the earlier attempt saved → follow that call; else the calls to the
   * number from our number since the claim, the same way (one → follow it; several → unknown).
   *
   * <p>An error while asking is unknown too: the send is then recorded UNCONFIRMED, never resent.
   */
  @Override
  public Lookup lookup(
      String idempotencyKey, Delivery delivery, Instant claimedAt, SendProgress progress) {
    if (delivery == null) {
      return Lookup.unknown("the lead's number is gone; Twilio can only be searched by number");
    }
    return switch (delivery.channel()) {
      case TEXT -> search(delivery, () -> lookupText(delivery, claimedAt));
      case CALL -> lookupCall(delivery, claimedAt, progress);
      case VOICEMAIL -> Lookup.notSent();
      case EMAIL -> throw new IllegalArgumentException("Twilio sends no email");
    };
  }

  /** A search Twilio could not answer settles nothing: the send is UNCONFIRMED. */
  private static Lookup search(Delivery delivery, java.util.function.Supplier<Lookup> search) {
    try {
      return search.get();
    } catch (ProviderException e) {
      log.warn("send {}: Twilio lookup failed: {}", delivery.idempotencyKey(), e.getMessage());
      return Lookup.unknown("Twilio could not be asked: " + e.getMessage());
    }
  }

  private Lookup lookupText(Delivery delivery, Instant claimedAt) {
    Instant since = claimedAt.minus(settings.clockSkew());
    var reader = Message.reader(account.accountSid()).setTo(new PhoneNumber(delivery.to()));
    if (account.messagingServiceSid() == null) {
      reader.setFrom(new PhoneNumber(account.fromNumber()));
    }
    reader.setPageSize((long) settings.lookupPageSize());
    Page<Message> page = twilio(() -> reader.firstPage(client));
    List<Message> recent =
        page.getRecords().stream()
            .filter(m -> m.getDirection() != Message.Direction.INBOUND)
            .filter(m -> createdSince(m.getDateCreated(), since))
            .toList();
    for (Message m : recent) {
      if (delivery.body().equals(m.getBody())) {
        return Lookup.found(ProviderReceipt.sent(m.getSid()));
      }
    }
    if (!recent.isEmpty()) {
      return Lookup.unknown("another message went to the number since the claim");
    }
    return covers(page, page.getRecords().stream().map(Message::getDateCreated).toList(), since)
        ? Lookup.notSent()
        : Lookup.unknown("more messages to the number than one page; cannot tell");
  }

  /**
   * Following a found call is not part of the search: a failure while following it is transient
   * (the next attempt follows it again from the heartbeat), not UNCONFIRMED.
   */
  private Lookup lookupCall(Delivery delivery, Instant claimedAt, SendProgress progress) {
    Optional<CallProgress> saved = progress.recalled().flatMap(CallProgress::parse);
    if (saved.isEmpty()) {
      Lookup searched = search(delivery, () -> searchCalls(delivery, claimedAt));
      if (!searched.found()) {
        return searched;
      }
      saved = Optional.of(CallProgress.placed(searched.receipt().providerId()));
      progress.save(saved.get().toString());
    }
    return Lookup.found(follow(saved.get(), delivery, progress));
  }

  /** The one call to the number since the claim, as a receipt holding only its SID. */
  private Lookup searchCalls(Delivery delivery, Instant claimedAt) {
    Instant since = claimedAt.minus(settings.clockSkew());
    var reader =
        Call.reader(account.accountSid())
            .setTo(new PhoneNumber(delivery.to()))
            .setFrom(new PhoneNumber(account.fromNumber()))
            .setPageSize((long) settings.lookupPageSize());
    Page<Call> page = twilio(() -> reader.firstPage(client));
    List<Call> recent =
        page.getRecords().stream().filter(c -> createdSince(c.getDateCreated(), since)).toList();
    if (recent.size() == 1) {
      return Lookup.found(ProviderReceipt.sent(recent.get(0).getSid()));
    }
    if (recent.size() > 1) {
      return Lookup.unknown("several calls to the number since the claim");
    }
    return covers(page, page.getRecords().stream().map(Call::getDateCreated).toList(), since)
        ? Lookup.notSent()
        : Lookup.unknown("more calls to the number than one page; cannot tell");
  }

  private static boolean createdSince(java.time.ZonedDateTime created, Instant since) {
    // a record without its creation time could be anything
    return created == null || !created.toInstant().isBefore(since);
  }

  /** The page is the last one, or reaches back past {@code since}. */
  private static boolean covers(
      Page<?> page, List<java.time.ZonedDateTime> created, Instant since) {
    return !page.hasNextPage()
        || created.stream().anyMatch(c -> c != null && c.toInstant().isBefore(since));
  }

  /** Runs one SDK call, turning Twilio's answers into the provider contract's failures. */
  private <T> T twilio(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (TwilioUnavailableException e) {
      Duration after = e.retryAfter();
      if (after != null && after.compareTo(settings.maxRetryAfter()) > 0) {
        after = settings.maxRetryAfter();
      }
      // a 429 is a refusal: Twilio took nothing, so the claim can go and the retry sends afresh;
      // after a 5xx it may have, and the retry asks first
      throw e.status() == 429
          ? ProviderException.notSent(e.getMessage(), after, null)
          : ProviderException.temporary(e.getMessage(), after, null);
    } catch (ApiException e) {
      throw failure(e);
    }
  }

  private static boolean refusedBeforeSending(Throwable cause) {
    return cause instanceof java.net.ConnectException
        || cause instanceof java.net.UnknownHostException
        || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException;
  }

  /**
   * Twilio's error message can quote the number, so the failure names only the code: it reaches the
   * ledger, the lead's events and the workflow's history.
   */
  private static ProviderException failure(ApiException e) {
    Integer code = e.getCode();
    Integer status = e.getStatusCode();
    if (code == null && status == null && refusedBeforeSending(e.getCause())) {
      // no connection at all: nothing reached Twilio
      return ProviderException.notSent(
          "Twilio unreachable (" + e.getCause().getClass().getSimpleName() + ")", null);
    }
    if (code == null && status == null) {
      // no answer (reset, timeout): Twilio may have taken it
      return ProviderException.temporary(
          "Twilio unreachable ("
              + (e.getCause() == null ? "no answer" : e.getCause().getClass().getSimpleName())
              + ")",
          null,
          null);
    }
    if (code != null && code == UNSUBSCRIBED) {
      return ProviderException.recipientOptedOut(
          "Twilio error 21610: the recipient unsubscribed", "TWILIO_" + UNSUBSCRIBED);
    }
    if (code != null && INVALID_NUMBER.contains(code)) {
      return ProviderException.permanent("Twilio error " + code + ": invalid phone number");
    }
    return ProviderException.permanent(
        "Twilio rejected the request (HTTP " + status + ", error " + code + ")");
  }
}

package io.followup.worker.provider.twilio;

import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls and voicemails through Twilio's Calls resource: placing a call, following it until
 * answering-machine detection decides, acting on the decision (see {@link TwilioProvider}), and
 * finding the call of an earlier attempt.
 */
final class TwilioCalls {
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  /**
   * How long a decided call waits, silent, for the provider to replace its TwiML before it ends on
   * its own (a worker that died and a retry that does not come in time).
   */
  private static final Duration HOLD = Duration.ofSeconds(45);

  private final TwilioAccount account;
  private final TwilioRequests twilio;
  private final TwilioProvider.Settings settings;
  private final Clock clock;

  TwilioCalls(
      TwilioAccount account, TwilioRequests twilio, TwilioProvider.Settings settings, Clock clock) {
    this.account = account;
    this.twilio = twilio;
    this.settings = settings;
    this.clock = clock;
  }

  ProviderReceipt call(Delivery delivery, SendProgress progress) {
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
    Call call = twilio.send(creator::create);
    // first thing: a retry of this attempt follows this call instead of dialling again
    progress.save(CallProgress.placed(call.getSid()).toString());
    log.info("send {}: Twilio call {} placed", delivery.idempotencyKey(), call.getSid());
    return follow(CallProgress.placed(call.getSid()), delivery, progress);
  }

  /** A voicemail is left on the call a machine answers; with no call to leave it on, none. */
  static ProviderReceipt noMachine() {
    return new ProviderReceipt(
        null,
        DeliveryStatus.NO_ANSWER,
        "no answering machine took the call; Twilio voicemails are left on the call itself");
  }

  /**
   * The call SID the earlier attempt saved → follow that call; else the calls to the number from
   * our number since the claim (one → follow it; several → unknown). Following a found call is not
   * part of the search: a failure while following it is transient (the next attempt follows it
   * again from the heartbeat), not UNCONFIRMED.
   */
  Lookup lookup(Delivery delivery, Instant claimedAt, SendProgress progress) {
    Optional<CallProgress> saved = progress.recalled().flatMap(CallProgress::parse);
    if (saved.isEmpty()) {
      Lookup searched = TwilioRequests.search(delivery, () -> search(delivery, claimedAt));
      if (!searched.found()) {
        return searched;
      }
      saved = Optional.of(CallProgress.placed(searched.receipt().providerId()));
      progress.save(saved.get().toString());
    }
    return Lookup.found(follow(saved.get(), delivery, progress));
  }

  /** The one call to the number since the claim, as a receipt holding only its SID. */
  private Lookup search(Delivery delivery, Instant claimedAt) {
    Instant since = claimedAt.minus(settings.clockSkew());
    var reader =
        Call.reader(account.accountSid())
            .setTo(new PhoneNumber(delivery.to()))
            .setFrom(new PhoneNumber(account.fromNumber()))
            .setPageSize((long) settings.lookupPageSize());
    Page<Call> page = twilio.send(reader::firstPage);
    List<Call> recent =
        page.getRecords().stream()
            .filter(c -> TwilioRequests.createdSince(c.getDateCreated(), since))
            .toList();
    if (recent.size() == 1) {
      return Lookup.found(ProviderReceipt.sent(recent.get(0).getSid()));
    }
    if (recent.size() > 1) {
      return Lookup.unknown("several calls to the number since the claim");
    }
    List<java.time.ZonedDateTime> created =
        page.getRecords().stream().map(Call::getDateCreated).toList();
    return TwilioRequests.covers(page, created, since)
        ? Lookup.notSent()
        : Lookup.unknown("more calls to the number than one page; cannot tell");
  }

  /**
   * Polls the call until it is decided and acts on it, then on until it ends, so that the outcome
   * carries Twilio's duration ({@code call.completed}'s {@code durationSeconds}). A call still
   * going on at the follow limit: undecided → a retry resumes it from the progress; decided → the
   * outcome without a duration (a retry is not worth a number).
   */
  private ProviderReceipt follow(CallProgress progress, Delivery delivery, SendProgress saved) {
    Instant giveUp = clock.instant().plus(settings.followLimit());
    CallProgress current = progress;
    while (true) {
      Call call = twilio.send(c -> Call.fetcher(account.accountSid(), progress.sid()).fetch(c));
      Optional<ProviderReceipt> outcome = decide(call, current, delivery, saved);
      if (outcome.isPresent() && ended(call)) {
        return outcome.get().withDuration(durationSeconds(call));
      }
      if (outcome.isPresent()) {
        // acted on: what was done is saved; the next reads only wait for the call to end
        current = current.with(acted(outcome.get()));
      }
      if (!clock.instant().isBefore(giveUp)) {
        if (outcome.isPresent()) {
          return outcome.get();
        }
        // a retry resumes this call from the progress
        throw ProviderException.temporary(
            "call " + progress.sid() + " still " + call.getStatus() + "; following it on retry",
            null,
            null);
      }
      saved.save(current.toString());
      pause();
    }
  }

  /** What was done on a call still going on, read back from the outcome it gave. */
  private static CallProgress.Act acted(ProviderReceipt outcome) {
    return switch (outcome.status()) {
      case ANSWERED -> CallProgress.Act.SPOKEN;
      case VOICEMAIL_LEFT -> CallProgress.Act.VOICEMAIL;
      default -> CallProgress.Act.HUNG_UP;
    };
  }

  /** Twilio's states after which the call has its duration. */
  private static boolean ended(Call call) {
    Call.Status status = call.getStatus();
    return status != null
        && status != Call.Status.QUEUED
        && status != Call.Status.RINGING
        && status != Call.Status.IN_PROGRESS;
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
        hangUp(sid);
      } else {
        if (delivery == null) {
          // the lead is gone: nothing to say; hang up
          hangUp(sid);
          return Optional.of(receipt(sid, CallProgress.Act.HUNG_UP, "answered; lead gone"));
        }
        String twiml =
            act == CallProgress.Act.SPOKEN
                ? TwimlText.spoken(delivery.body(), account.callOptOut())
                : TwimlText.voicemail(delivery.voicemail(), account.callOptOut());
        twilio.send(
            c -> Call.updater(account.accountSid(), sid).setTwiml(new Twiml(twiml)).update(c));
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

  /** The call's {@code duration} in whole seconds; null when Twilio does not report it (yet). */
  static Integer durationSeconds(Call call) {
    String duration = call.getDuration();
    if (duration == null || duration.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(duration.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void hangUp(String sid) {
    twilio.send(
        c ->
            Call.updater(account.accountSid(), sid)
                .setStatus(Call.UpdateStatus.COMPLETED)
                .update(c));
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
}

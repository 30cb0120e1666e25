package io.followup.worker.activities;

import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.Claim;
import io.followup.domain.ledger.DeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.unsubscribe.ReplyAddresses;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.worker.check.ComplianceCheck;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.RenderLimitException;
import io.followup.worker.message.RenderedMessage;
import io.followup.worker.message.TemplateException;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.provider.SendProgress;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send through one provider, at most once per idempotency key: return a result the ledger
 * already holds; otherwise check the lead, render, claim the key, hand the send over and record the
 * outcome. A key left PENDING by an attempt that died is settled by asking the provider.
 */
public final class Sender {
  private static final Logger log = LoggerFactory.getLogger(Sender.class);

  /** The failure type of a send whose lead is not stored yet (retried). */
  public static final String LEAD_NOT_STORED_YET = "LeadNotStoredYet";

  private final DeliveryLedger ledger;
  private final LeadDirectory leads;
  private final ChannelProvider provider;
  private final SendMeters meters;
  private final Clock clock;
  private final ComplianceCheck complianceCheck;
  private final Outgoing outgoing;

  /** Without metrics. */
  public Sender(
      DeliveryLedger ledger,
      LeadDirectory leads,
      MessageRenderer renderer,
      ChannelProvider provider) {
    this(
        ledger,
        leads,
        renderer,
        provider,
        new SendMeters(new CompositeMeterRegistry()),
        Clock.systemUTC());
  }

  /**
   * @param meters counts outcomes and blocks, and observes the due lag
   * @param clock the hand-over's instant for the due lag
   */
  public Sender(
      DeliveryLedger ledger,
      LeadDirectory leads,
      MessageRenderer renderer,
      ChannelProvider provider,
      SendMeters meters,
      Clock clock) {
    this(ledger, leads, renderer, provider, meters, clock, UnsubscribeLinks.none());
  }

  /**
   * @param unsubscribeLinks the link every email carries in its List-Unsubscribe headers; {@link
   *     UnsubscribeLinks#none()} for none
   */
  public Sender(
      DeliveryLedger ledger,
      LeadDirectory leads,
      MessageRenderer renderer,
      ChannelProvider provider,
      SendMeters meters,
      Clock clock,
      UnsubscribeLinks unsubscribeLinks) {
    this(ledger, leads, renderer, provider, meters, clock, unsubscribeLinks, ComplianceCheck.NONE);
  }

  /**
   * @param complianceCheck the organisation's middleware, asked before each send on its channels
   */
  public Sender(
      DeliveryLedger ledger,
      LeadDirectory leads,
      MessageRenderer renderer,
      ChannelProvider provider,
      SendMeters meters,
      Clock clock,
      UnsubscribeLinks unsubscribeLinks,
      ComplianceCheck complianceCheck) {
    this(
        ledger,
        leads,
        renderer,
        provider,
        meters,
        clock,
        unsubscribeLinks,
        complianceCheck,
        ReplyAddresses.none());
  }

  /**
   * @param replyAddresses the per-lead reply address every email carries as its {@code Reply-To};
   *     {@link ReplyAddresses#none()} for none
   */
  public Sender(
      DeliveryLedger ledger,
      LeadDirectory leads,
      MessageRenderer renderer,
      ChannelProvider provider,
      SendMeters meters,
      Clock clock,
      UnsubscribeLinks unsubscribeLinks,
      ComplianceCheck complianceCheck,
      ReplyAddresses replyAddresses) {
    this.complianceCheck = Objects.requireNonNull(complianceCheck, "complianceCheck");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.outgoing =
        new Outgoing(
            Objects.requireNonNull(renderer, "renderer"),
            leads,
            new EmailThreads(ledger),
            Objects.requireNonNull(unsubscribeLinks, "unsubscribeLinks"),
            Objects.requireNonNull(replyAddresses, "replyAddresses"));
    this.provider = Objects.requireNonNull(provider, "provider");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws ProviderException (transient) when the provider is unavailable: the claim stays PENDING
   *     and Temporal retries the activity
   */
  public SendResult send(SendRequest request, Channel channel) {
    return send(request, channel, SendProgress.NONE);
  }

  /**
   * @param progress where a long send (a call) keeps its progress: the activity's heartbeat
   * @throws ProviderException (transient) when the provider is unavailable: the claim stays PENDING
   *     and Temporal retries the activity
   * @throws ApplicationFailure the same, when the provider said when to try again: the retry waits
   *     that long
   */
  public SendResult send(SendRequest request, Channel channel, SendProgress progress) {
    String key = request.idempotencyKey();
    Optional<LedgerEntry> existing = ledger.find(key);
    if (existing.isPresent() && !existing.get().pending()) {
      return existing.get().result().toResult();
    }
    Optional<Lead> found = leads.find(request.leadId());
    if (existing.isPresent()) {
      // what an earlier attempt handed over is recorded as it happened, whatever changed since
      Optional<RecordedSend> earlier;
      try {
        earlier = earlierAttempt(existing.get(), channel, request, found, progress);
      } catch (ProviderException e) {
        // the provider cannot be asked now: the claim stays, the retry asks again
        throw retryLater(key, channel, e);
      }
      if (earlier.isPresent()) {
        return record(request, earlier.get());
      }
    }
    if (found.isEmpty()) {
      // a create's first step may come due before the create's transaction commits (hours 0):
      // retried, nothing claimed; when the retries run out the workflow records the send FAILED.
      // Benign: expected with hours 0, so the SDK logs it at DEBUG, not as a WARN stack trace
      throw ApplicationFailure.newBuilder()
          .setType(LEAD_NOT_STORED_YET)
          .setMessage("lead " + request.leadId() + " not found (yet)")
          .setCategory(ApplicationErrorCategory.BENIGN)
          .build();
    }
    Lead lead = found.get();
    if (channel.isVoiceOrText() && lead.unsubscribed()) {
      // the stored flag alone decides (the request carries no opt-out): the workflow may miss a
      // START it was never told (Temporal unreachable), and inbound texts set the stored flag first
      return record(
          request,
          SendResults.blocked(
              key, channel, null, BlockReason.OPTED_OUT, "the lead opted out of texts and calls"));
    }
    if (channel.isVoiceOrText() && leads.doNotContact(lead.phone())) {
      // the organisation's list, asked at every send: a number listed after the lead was created
      // (or after this step was armed) is never texted or called; email is not a phone's business
      return record(
          request,
          SendResults.blocked(
              key, channel, null, BlockReason.DNC, "the number is on the Do-Not-Contact list"));
    }
    if (channel == Channel.EMAIL && lead.emailUnsubscribed()) {
      return record(
          request,
          SendResults.blocked(
              key,
              channel,
              null,
              BlockReason.EMAIL_UNSUBSCRIBED,
              "the lead unsubscribed from email"));
    }
    if (complianceCheck.needsConsent(channel) && !leads.hasConsent(lead.id())) {
      // REQUIRE_CONSENT_FOR: asked at every send, so a consent recorded by a PATCH counts at once
      return record(
          request,
          SendResults.blocked(
              key, channel, null, BlockReason.NO_CONSENT, "the lead has no consent recorded"));
    }
    if (complianceCheck.applies(channel)) {
      ComplianceCheck.Verdict verdict = complianceCheck.ask(lead, channel, key);
      if (!verdict.allowed()) {
        return record(
            request,
            SendResults.blocked(
                key, channel, null, verdict.reason(), "the compliance check refused it"));
      }
    }
    String to = Outgoing.recipient(lead, channel);
    if (to == null || to.isBlank()) {
      return record(
          request,
          SendResults.failed(
              key,
              channel,
              channel == Channel.EMAIL
                  ? "the lead has no email address"
                  : "the lead has no phone number"));
    }
    if (channel == Channel.TEXT
        && request.validUntil() != null
        && !clock.instant().isBefore(request.validUntil())) {
      // the window closed while the send waited (retries, a slow queue): handed over now it would
      // be delivered outside it
      return record(
          request,
          SendResults.blocked(
              key,
              channel,
              null,
              BlockReason.WINDOW_CLOSED,
              "the lead's sending window closed before the hand-over"));
    }
    RenderedMessage message;
    RenderedMessage voicemail;
    try {
      message = outgoing.message(lead, channel, request);
      // the voicemail too, before anything is claimed: a render over its limit is the same FAILED
      voicemail =
          channel == Channel.CALL && request.voicemailEnabled()
              ? outgoing.message(lead, Channel.VOICEMAIL, request)
              : null;
    } catch (RenderLimitException | TemplateException e) {
      // nothing claimed or handed over; a retry would render the same again: FAILED, once
      log.warn("send {} ({}): not rendered: {}", key, channel.wireName(), e.getMessage());
      return record(request, SendResults.failed(key, channel, e.getMessage()));
    }
    if (existing.isEmpty()) {
      // claimed only now, so a PENDING entry means an attempt got as far as the hand-over
      Claim claim = ledger.claim(key, request.leadId(), request.followUpStep(), channel);
      if (claim.completed()) {
        return claim.result().toResult();
      }
      if (claim.resumed()) {
        // an attempt that outlived its timeout is handing it over now; a retry settles it
        throw new IllegalStateException("send " + key + " is being handed over by another attempt");
      }
    }
    ProviderReceipt receipt;
    Instant handOver = clock.instant();
    try {
      receipt =
          provider.deliver(
              outgoing.delivery(request, channel, lead, to, message, voicemail), progress);
    } catch (ProviderException e) {
      if (e.permanent()) {
        observeDueLag(request, channel, handOver);
      } else {
        if (e.notSent()) {
          // the provider certainly has nothing: the retry sends afresh instead of settling the
          // claim as UNCONFIRMED (what a provider without lookups, such as SMTP, would record)
          release(key);
        }
        throw retryLater(key, channel, e);
      }
      if (e.recipientOptedOut()) {
        // the provider refuses the number for good: the lead is opted out from now on, on the
        // channel of the refused send
        leads.markOptedOut(request.leadId(), optOutChannel(channel), e.optOutReason());
        return record(
            request,
            SendResults.blocked(
                key,
                channel,
                message,
                BlockReason.OPTED_OUT,
                "the provider reports the lead unsubscribed (" + e.optOutReason() + ")"));
      }
      return record(
          request,
          SendResults.of(key, channel, DeliveryStatus.FAILED, message, null, e.getMessage()));
    }
    observeDueLag(request, channel, handOver);
    return record(
        request,
        delivered(
            key,
            channel,
            receipt.status() == DeliveryStatus.VOICEMAIL_LEFT && voicemail != null
                ? voicemail
                : message,
            receipt,
            null));
  }

  /** The opt-out's {@code channel} (event and webhook): {@code call} for a refused call. */
  private static String optOutChannel(Channel channel) {
    return channel == Channel.CALL || channel == Channel.VOICEMAIL ? "call" : "sms";
  }

  private void release(String key) {
    try {
      ledger.release(key);
    } catch (RuntimeException e) {
      // the claim stays: the retry settles it as if the send had been cut off (never twice)
      log.warn("send {}: its claim could not be released: {}", key, e.toString());
    }
  }

  /**
   * The due lag of a hand-over the provider answered (an attempt the provider could not take is
   * retried and observed then): from the due instant to the moment the send was handed over.
   */
  /**
   * The failure that has Temporal retry the activity, after the provider's delay if it gave one.
   */
  private static RuntimeException retryLater(String key, Channel channel, ProviderException e) {
    log.warn(
        "send {} ({}): provider unavailable, to be retried{}: {}",
        key,
        channel.wireName(),
        e.retryAfter() == null ? "" : " after " + e.retryAfter(),
        e.getMessage());
    if (e.retryAfter() != null) {
      // the provider said when: the next attempt waits that long instead of the backoff
      return ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), ProviderException.class.getName(), e, e.retryAfter());
    }
    return e;
  }

  private void observeDueLag(SendRequest request, Channel channel, Instant handOver) {
    if (request.dueAt() != null) {
      meters.dueLag(channel, Duration.between(request.dueAt(), handOver));
    }
  }

  /**
   * The outcome of an earlier attempt that claimed the key and died: the provider's receipt if it
   * took the send, UNCONFIRMED if it cannot tell, empty if the send never reached it.
   */
  private Optional<RecordedSend> earlierAttempt(
      LedgerEntry claimed,
      Channel channel,
      SendRequest request,
      Optional<Lead> lead,
      SendProgress progress) {
    String key = claimed.idempotencyKey();
    RenderedMessage message = lead.map(l -> outgoing.message(l, channel, request)).orElse(null);
    RenderedMessage voicemail =
        channel == Channel.CALL && request.voicemailEnabled()
            ? lead.map(l -> outgoing.message(l, Channel.VOICEMAIL, request)).orElse(null)
            : null;
    String to = lead.map(l -> Outgoing.recipient(l, channel)).orElse(null);
    Delivery delivery =
        message == null || to == null || to.isBlank()
            ? null
            : outgoing.delivery(request, channel, lead.get(), to, message, voicemail);
    Lookup lookup = provider.lookup(key, delivery, claimed.claimedAt(), progress);
    if (lookup.found()) {
      RenderedMessage shown =
          lookup.receipt().status() == DeliveryStatus.VOICEMAIL_LEFT && voicemail != null
              ? voicemail
              : message;
      return Optional.of(
          delivered(key, channel, shown, lookup.receipt(), "handed over by an earlier attempt"));
    }
    if (lookup.conclusive()) {
      return Optional.empty();
    }
    return Optional.of(
        SendResults.of(
            key,
            channel,
            DeliveryStatus.UNCONFIRMED,
            message,
            null,
            "an earlier attempt died mid-send; not resent"
                + (lookup.detail() == null ? "" : " (" + lookup.detail() + ")")));
  }

  private static RecordedSend delivered(
      String key,
      Channel channel,
      RenderedMessage message,
      ProviderReceipt receipt,
      String detail) {
    String details =
        detail == null
            ? receipt.detail()
            : receipt.detail() == null ? detail : detail + "; " + receipt.detail();
    return SendResults.of(
        key,
        channel,
        receipt.status(),
        message,
        receipt.providerId(),
        details,
        receipt.durationSeconds());
  }

  /**
   * Claims the key if no attempt did, then completes it; the first recorded result wins. Returns
   * what the workflow may see: the recorded result without its content.
   */
  private SendResult record(SendRequest request, RecordedSend result) {
    ledger.claim(
        result.idempotencyKey(), request.leadId(), request.followUpStep(), result.channel());
    RecordedSend recorded = ledger.complete(result.idempotencyKey(), result);
    if (!recorded.equals(result)) {
      // the workflow gave up on this send and recorded a failure meanwhile
      log.warn(
          "send {} ended {} after it was recorded {}",
          result.idempotencyKey(),
          result.status(),
          recorded.status());
    } else {
      meters.sent(result.channel(), result.status(), result.reason());
      log.info(
          "send {} ({}): {}",
          result.idempotencyKey(),
          result.channel().wireName(),
          result.status());
    }
    return recorded.toResult();
  }
}

package io.followup.worker.activities;

import io.followup.worker.lead.Lead;
import io.followup.worker.lead.LeadDirectory;
import io.followup.worker.ledger.Claim;
import io.followup.worker.ledger.DeliveryLedger;
import io.followup.worker.ledger.LedgerEntry;
import io.followup.worker.ledger.RecordedSend;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.RenderedMessage;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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

  private final DeliveryLedger ledger;
  private final LeadDirectory leads;
  private final MessageRenderer renderer;
  private final ChannelProvider provider;
  private final SendMeters meters;
  private final Clock clock;

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
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws ProviderException (transient) when the provider is unavailable: the claim stays PENDING
   *     and Temporal retries the activity
   */
  public SendResult send(SendRequest request, Channel channel) {
    String key = request.idempotencyKey();
    Optional<LedgerEntry> existing = ledger.find(key);
    if (existing.isPresent() && !existing.get().pending()) {
      return existing.get().result().toResult();
    }
    Optional<Lead> found = leads.find(request.leadId());
    if (existing.isPresent()) {
      // what an earlier attempt handed over is recorded as it happened, whatever changed since
      Optional<RecordedSend> earlier = earlierAttempt(key, channel, request, found);
      if (earlier.isPresent()) {
        return record(request, earlier.get());
      }
    }
    if (found.isEmpty()) {
      // a create's first step may come due before the create's transaction commits (hours 0):
      // retried, nothing claimed; when the retries run out the workflow records the send FAILED
      throw new IllegalStateException("lead " + request.leadId() + " not found (yet)");
    }
    Lead lead = found.get();
    if (channel.isVoiceOrText() && (lead.unsubscribed() || request.optedOut())) {
      return record(
          request,
          SendResults.of(
              key,
              channel,
              DeliveryStatus.BLOCKED,
              null,
              null,
              "the lead opted out of texts and calls"));
    }
    String to = channel == Channel.EMAIL ? lead.email() : lead.phone();
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
    RenderedMessage message = renderer.render(lead, channel, request.strategyIds());
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
              new Delivery(channel, key, to, message.subject(), message.body(), message.html()));
    } catch (ProviderException e) {
      if (e.permanent()) {
        observeDueLag(request, channel, handOver);
      } else {
        if (e.notSent()) {
          // the provider certainly has nothing: the retry sends afresh instead of settling the
          // claim as UNCONFIRMED (what a provider without lookups, such as SMTP, would record)
          release(key);
        }
        log.warn(
            "send {} ({}): provider unavailable, to be retried: {}",
            key,
            channel.wireName(),
            e.getMessage());
        throw e;
      }
      return record(
          request,
          SendResults.of(key, channel, DeliveryStatus.FAILED, message, null, e.getMessage()));
    }
    observeDueLag(request, channel, handOver);
    return record(request, delivered(key, channel, message, receipt, null));
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
      String key, Channel channel, SendRequest request, Optional<Lead> lead) {
    Optional<ProviderReceipt> receipt = provider.lookup(key);
    if (receipt.isEmpty() && provider.confirmsDeliveries()) {
      return Optional.empty();
    }
    RenderedMessage message =
        lead.map(l -> renderer.render(l, channel, request.strategyIds())).orElse(null);
    return Optional.of(
        receipt
            .map(r -> delivered(key, channel, message, r, "handed over by an earlier attempt"))
            .orElseGet(
                () ->
                    SendResults.of(
                        key,
                        channel,
                        DeliveryStatus.UNCONFIRMED,
                        message,
                        null,
                        "an earlier attempt died mid-send; not resent")));
  }

  private static RecordedSend delivered(
      String key,
      Channel channel,
      RenderedMessage message,
      ProviderReceipt receipt,
      String detail) {
    DeliveryStatus status =
        channel != Channel.CALL
            ? DeliveryStatus.SENT
            : receipt.answered() ? DeliveryStatus.ANSWERED : DeliveryStatus.NO_ANSWER;
    return SendResults.of(key, channel, status, message, receipt.providerId(), detail);
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
      meters.sent(result.channel(), result.status());
      log.info(
          "send {} ({}): {}",
          result.idempotencyKey(),
          result.channel().wireName(),
          result.status());
    }
    return recorded.toResult();
  }
}

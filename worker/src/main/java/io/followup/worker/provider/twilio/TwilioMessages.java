package io.followup.worker.provider.twilio;

import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.ProviderReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Texts through Twilio's Messages resource: the send, and the lookup of an earlier attempt. */
final class TwilioMessages {
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  private final TwilioAccount account;
  private final TwilioRequests twilio;
  private final Duration clockSkew;
  private final int lookupPageSize;
  private final java.time.Clock clock;

  TwilioMessages(
      TwilioAccount account,
      TwilioRequests twilio,
      TwilioProvider.Settings settings,
      java.time.Clock clock) {
    this.account = account;
    this.clock = clock;
    this.twilio = twilio;
    this.clockSkew = settings.clockSkew();
    this.lookupPageSize = settings.lookupPageSize();
  }

  /** One Messages create (To, From or MessagingServiceSid, Body, ValidityPeriod). */
  ProviderReceipt send(Delivery delivery) {
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
    creator.setValidityPeriod(validityPeriod(delivery.validUntil(), clock.instant()));
    Message message = twilio.send(creator::create);
    log.info("send {}: Twilio message {}", delivery.idempotencyKey(), message.getSid());
    return ProviderReceipt.sent(message.getSid());
  }

  /** Twilio's longest (and default) validity: 10 hours, in seconds. */
  static final int MAX_VALIDITY_SECONDS = 36_000;

  /**
   * Twilio's {@code ValidityPeriod}: the seconds until the lead's window closes, at most {@link
   * #MAX_VALIDITY_SECONDS} (and at least 1, Twilio's least: the sender refuses a text whose window
   * closed already); the most when no window binds the text.
   */
  static int validityPeriod(Instant validUntil, Instant now) {
    if (validUntil == null) {
      return MAX_VALIDITY_SECONDS;
    }
    long seconds = Duration.between(now, validUntil).getSeconds();
    return (int) Math.max(1, Math.min(MAX_VALIDITY_SECONDS, seconds));
  }

  /**
   * The messages to the number (from our number, when texts are not sent through a messaging
   * service) newest first, one page. One created since the claim (less the clock skew) with the
   * same body → found; one with another body → unknown (it may be this send, altered); none, and
   * the page reaches back past the claim or is the last → not sent; otherwise unknown.
   */
  Lookup lookup(Delivery delivery, Instant claimedAt) {
    Instant since = claimedAt.minus(clockSkew);
    var reader = Message.reader(account.accountSid()).setTo(new PhoneNumber(delivery.to()));
    if (account.messagingServiceSid() == null) {
      reader.setFrom(new PhoneNumber(account.fromNumber()));
    }
    reader.setPageSize((long) lookupPageSize);
    Page<Message> page = twilio.send(reader::firstPage);
    List<Message> recent =
        page.getRecords().stream()
            .filter(m -> m.getDirection() != Message.Direction.INBOUND)
            .filter(m -> TwilioRequests.createdSince(m.getDateCreated(), since))
            .toList();
    for (Message m : recent) {
      if (delivery.body().equals(m.getBody())) {
        return Lookup.found(ProviderReceipt.sent(m.getSid()));
      }
    }
    if (!recent.isEmpty()) {
      return Lookup.unknown("another message went to the number since the claim");
    }
    List<java.time.ZonedDateTime> created =
        page.getRecords().stream().map(Message::getDateCreated).toList();
    return TwilioRequests.covers(page, created, since)
        ? Lookup.notSent()
        : Lookup.unknown("more messages to the number than one page; cannot tell");
  }
}

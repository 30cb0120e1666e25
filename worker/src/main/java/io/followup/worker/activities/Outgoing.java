package io.followup.worker.activities;

import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.unsubscribe.ReplyAddresses;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.RenderedMessage;
import io.followup.worker.provider.Delivery;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;

/**
 * What a send hands its provider: the message rendered for the lead (a follow-up's template or
 * strategy, an email in the lead's thread; a one-off message's stored text) and the {@link
 * Delivery} around it (recipient, unsubscribe link, reply address, a text's validity).
 */
final class Outgoing {
  private final MessageRenderer renderer;
  private final LeadDirectory leads;
  private final EmailThreads threads;
  private final UnsubscribeLinks unsubscribeLinks;
  private final ReplyAddresses replyAddresses;

  Outgoing(
      MessageRenderer renderer,
      LeadDirectory leads,
      EmailThreads threads,
      UnsubscribeLinks unsubscribeLinks,
      ReplyAddresses replyAddresses) {
    this.renderer = renderer;
    this.leads = leads;
    this.threads = threads;
    this.unsubscribeLinks = unsubscribeLinks;
    this.replyAddresses = replyAddresses;
  }

  /**
   * The follow-up's message, rendered from its template or its strategy (picked once per
   * idempotency key: every attempt of the send uses the same one); a one-off message's text as the
   * caller wrote it (not a template: braces in it are sent as they are).
   *
   * @throws IllegalStateException (retried) when a one-off message's text is not stored yet: the
   *     API stores it before the workflow learns of it
   */
  RenderedMessage message(Lead lead, Channel channel, SendRequest request) {
    if (!request.isOneOff()) {
      RenderedMessage rendered =
          renderer.render(lead, channel, request.strategyIds(), request.idempotencyKey());
      return channel == Channel.EMAIL
          ? threads.inThread(rendered, lead.id(), request.idempotencyKey())
          : rendered;
    }
    return leads
        .oneOffMessage(request.leadId(), request.messageId())
        .map(text -> new RenderedMessage(null, text, null, null))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "message "
                        + request.messageId()
                        + " of lead "
                        + request.leadId()
                        + " not found"));
  }

  Delivery delivery(
      SendRequest request,
      Channel channel,
      Lead lead,
      String to,
      RenderedMessage message,
      RenderedMessage voicemail) {
    return new Delivery(
        channel,
        request.idempotencyKey(),
        to,
        message.subject(),
        message.body(),
        message.html(),
        voicemail == null ? null : voicemail.body(),
        channel == Channel.EMAIL ? unsubscribeLinks.forLead(lead.id()).orElse(null) : null,
        channel == Channel.TEXT ? request.validUntil() : null,
        channel == Channel.EMAIL ? replyAddresses.forLead(lead.id()).orElse(null) : null,
        channel == Channel.EMAIL ? threads.inReplyTo(lead.id(), request.idempotencyKey()) : null);
  }

  /** The lead's address on the channel: its email, else its phone. */
  static String recipient(Lead lead, Channel channel) {
    return channel == Channel.EMAIL ? lead.email() : lead.phone();
  }
}

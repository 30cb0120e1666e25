package io.followup.worker.provider;

import io.followup.workflows.model.Channel;
import java.net.URI;

/**
 * One send handed to a provider.
 *
 * @param idempotencyKey the ledger's key; providers that support one pass it on, so a retried
 *     request cannot send twice
 * @param to an E.164 phone number, or an email address for {@link Channel#EMAIL}
 * @param subject the email subject; null for other channels
 * @param body the text, the call script, the voicemail or the email's plain text body
 * @param html the email's HTML body; null when its template has none, and for other channels
 * @param voicemail for a call: the voicemail to leave when a machine answers (providers that detect
 *     machines); null for none, and for other channels
 * @param unsubscribeUrl for an email: the lead's one-click unsubscribe link, sent as the {@code
 *     List-Unsubscribe} and {@code List-Unsubscribe-Post} headers (RFC 8058); null for none (no
 *     {@code PUBLIC_BASE_URL}), and for other channels
 * @param replyTo for an email: the lead's reply address ({@code Reply-To}); null for none
 * @param inReplyTo for an email after the lead's first: the first's {@code Message-ID}, sent as
 *     {@code In-Reply-To} and {@code References}; null for none
 */
public record Delivery(
    Channel channel,
    String idempotencyKey,
    String to,
    String subject,
    String body,
    String html,
    String voicemail,
    URI unsubscribeUrl,
    java.time.Instant validUntil,
    String replyTo,
    String inReplyTo) {

  /** Without a reply address or thread. */
  public Delivery(
      Channel channel,
      String idempotencyKey,
      String to,
      String subject,
      String body,
      String html,
      String voicemail,
      URI unsubscribeUrl,
      java.time.Instant validUntil) {
    this(
        channel,
        idempotencyKey,
        to,
        subject,
        body,
        html,
        voicemail,
        unsubscribeUrl,
        validUntil,
        null,
        null);
  }
}

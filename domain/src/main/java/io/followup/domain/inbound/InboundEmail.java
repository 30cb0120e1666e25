package io.followup.domain.inbound;

import java.util.List;
import java.util.Objects;

/**
 * One email read from the reply mailbox (issue 21), parsed and classified by the reader, with
 * nothing of the mail library in it.
 *
 * @param messageId its {@code Message-ID} (one made from its content when it has none): what makes
 *     handling it twice change nothing
 * @param kind what it is
 * @param recipients the addresses it was sent to ({@code To}, {@code Cc}, {@code Delivered-To},
 *     {@code X-Original-To}): a lead's reply address among them names the lead
 * @param references the message ids of {@code In-Reply-To} and {@code References}, in that order
 * @param reported for a bounce or a complaint: the message ids the report's copy of the original
 *     message carries ({@code Message-ID}, {@code In-Reply-To}, {@code References}); empty
 *     otherwise
 * @param reportedAddresses for a bounce or a complaint: the addresses in the original's {@code
 *     Reply-To} and {@code From} (a lead's reply address names the lead); empty otherwise
 * @param status a delivery report's status code ({@code 5.1.1}); null otherwise
 * @param subject the subject, empty when none
 * @param text the plain text body (or the HTML's text), capped; empty when none
 */
public record InboundEmail(
    String messageId,
    Kind kind,
    List<String> recipients,
    List<String> references,
    List<String> reported,
    List<String> reportedAddresses,
    String status,
    String subject,
    String text) {

  /** What an inbound email is. */
  public enum Kind {
    /** The lead's own words. */
    REPLY,
    /** An automatic answer (RFC 3834 {@code Auto-Submitted}, an out-of-office, ...). */
    AUTO_REPLY,
    /** A delivery status notification with a permanent failure ({@code 5.x.x}, RFC 3464). */
    BOUNCE,
    /** A delivery status notification with a transient failure or a delay ({@code 4.x.x}). */
    DELAYED,
    /** A feedback report (RFC 5965 ARF): the lead marked a follow-up as spam. */
    COMPLAINT
  }

  public InboundEmail {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(kind, "kind");
    recipients = List.copyOf(recipients);
    references = List.copyOf(references);
    reported = List.copyOf(reported);
    reportedAddresses = List.copyOf(reportedAddresses);
    subject = subject == null ? "" : subject;
    text = text == null ? "" : text;
  }

  /**
   * The stored key of its Message-ID: the SHA-256 of the id, hex (ids may be up to 998 characters,
   * and some carry a mail server's or a person's name: logs show a prefix of this instead).
   */
  public String messageKey() {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What logs show of it: the first 12 characters of {@link #messageKey()}. */
  public String logId() {
    return messageKey().substring(0, 12);
  }

  /** Whether it is a delivery or feedback report rather than a person's (or robot's) answer. */
  public boolean isReport() {
    return kind == Kind.BOUNCE || kind == Kind.DELAYED || kind == Kind.COMPLAINT;
  }
}

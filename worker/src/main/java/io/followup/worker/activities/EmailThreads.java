package io.followup.worker.activities;

import io.followup.domain.ledger.DeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.message.RenderedMessage;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import java.util.Locale;
import java.util.Optional;

/**
 * Follow-up emails in the lead's thread (issue 21): every email after the lead's first one answers
 * it ({@code In-Reply-To} and {@code References} its {@code Message-ID}, which the ledger keeps as
 * the send's provider id) and takes {@code "Re: "} + its subject, unless its template set a subject
 * of its own (one that differs from the first's).
 */
final class EmailThreads {
  private final DeliveryLedger ledger;

  EmailThreads(DeliveryLedger ledger) {
    this.ledger = ledger;
  }

  /** The first email of a thread: its Message-ID and subject. */
  record First(String messageId, String subject) {}

  /** The lead's first email sent, other than the send {@code key}; empty when none. */
  Optional<First> first(String leadId, String key) {
    for (LedgerEntry entry : ledger.listByLead(leadId)) {
      RecordedSend sent = entry.result();
      if (entry.channel() == Channel.EMAIL
          && sent != null
          && sent.status() == DeliveryStatus.SENT
          && sent.providerId() != null
          && sent.providerId().startsWith("<")
          && !entry.idempotencyKey().equals(key)) {
        return Optional.of(new First(sent.providerId(), sent.subject()));
      }
    }
    return Optional.empty();
  }

  /**
   * The rendered email as it goes in the lead's thread: {@code "Re: "} + the first's subject unless
   * its template set its own; as rendered when it is the lead's first.
   */
  RenderedMessage inThread(RenderedMessage rendered, String leadId, String key) {
    return first(leadId, key)
        .map(
            first ->
                new RenderedMessage(
                    subject(rendered.subject(), first),
                    rendered.body(),
                    rendered.html(),
                    rendered.strategyId()))
        .orElse(rendered);
  }

  /** The Message-ID an email of the lead answers; null for the lead's first. */
  String inReplyTo(String leadId, String key) {
    return first(leadId, key).map(First::messageId).orElse(null);
  }

  /**
   * The subject of an email in {@code first}'s thread: {@code "Re: "} + the first's when the
   * rendered one is blank or the same (the default template's), else the rendered one.
   */
  static String subject(String rendered, First first) {
    String original = first.subject() == null ? "" : first.subject().strip();
    if (original.isEmpty()) {
      return rendered;
    }
    String own = rendered == null ? "" : rendered.strip();
    if (!own.isEmpty() && !stripRe(own).equalsIgnoreCase(stripRe(original))) {
      return rendered;
    }
    return "Re: " + stripRe(original);
  }

  private static String stripRe(String subject) {
    String s = subject;
    while (s.toLowerCase(Locale.ROOT).startsWith("re:")) {
      s = s.substring(3).strip();
    }
    return s;
  }
}

package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.optout.OptOut;
import io.followup.store.webhooks.WebhookOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Unsubscribes leads from email (SPEC "Conversations", email opt-out): the flag, the {@code
 * OPT_OUT} event and the {@code optOut} webhook in one transaction, once per lead. Texts and calls
 * are not touched: they follow the SMS opt-out.
 */
public final class EmailOptOuts {
  /** How an unsubscribe ended. */
  public enum Outcome {
    /** The lead is unsubscribed from email now. */
    UNSUBSCRIBED,
    /** The lead already was: nothing recorded again. */
    ALREADY_UNSUBSCRIBED,
    /** No such lead. */
    UNKNOWN_LEAD
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final OptOuts optOuts;

  public EmailOptOuts(Jdbi jdbi, ObjectMapper json, Clock clock, WebhookOutbox webhooks) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.optOuts = new OptOuts(json, webhooks);
  }

  /**
   * Sets {@code email_unsubscribed} and records the {@code OPT_OUT} event ({@code data}: {@code
   * channel: email}, {@code reason}) and its {@code optOut} webhook ({@code channel: email}, {@code
   * isTwilioOptOut: null}, {@code optOutReason}), all or nothing, under the lead's row lock so two
   * concurrent requests record it once.
   *
   * @param reason {@link OptOut#UNSUBSCRIBE_LINK}, or SPEC's {@code BOUNCE}, {@code COMPLAINT},
   *     {@code MANUAL}
   */
  public Outcome unsubscribe(String leadId, String reason) {
    Instant at = clock.instant();
    return jdbi.inTransaction(
        handle -> {
          Optional<LeadRow> lead = LeadStatements.lock(handle, leadId);
          if (lead.isEmpty()) {
            return Outcome.UNKNOWN_LEAD;
          }
          if (!optOuts.record(handle, leadId, OptOut.email(reason), at)) {
            return Outcome.ALREADY_UNSUBSCRIBED;
          }
          LeadClock.stamp(handle, leadId, clock.instant());
          return Outcome.UNSUBSCRIBED;
        });
  }

  /** Whether the lead is unsubscribed from email; empty for an unknown lead. */
  public Optional<Boolean> isUnsubscribed(String leadId) {
    return jdbi.withHandle(handle -> LeadStatements.find(handle, leadId))
        .map(LeadRow::emailUnsubscribed);
  }
}

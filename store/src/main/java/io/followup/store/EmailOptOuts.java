package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.store.webhooks.WebhookEvents;
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

  /** The lead followed its unsubscribe link. */
  public static final String UNSUBSCRIBE_LINK = "UNSUBSCRIBE_LINK";

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;
  private final WebhookOutbox webhooks;

  public EmailOptOuts(Jdbi jdbi, ObjectMapper json, Clock clock, WebhookOutbox webhooks) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
    this.webhooks = webhooks;
  }

  /**
   * Sets {@code email_unsubscribed} and records the {@code OPT_OUT} event ({@code data}: {@code
   * channel: email}, {@code reason}) and its {@code optOut} webhook ({@code channel: email}, {@code
   * isTwilioOptOut: false}, {@code optOutReason}), all or nothing, under the lead's row lock so two
   * concurrent requests record it once.
   *
   * @param reason {@link #UNSUBSCRIBE_LINK}, or SPEC's {@code BOUNCE}, {@code COMPLAINT}, {@code
   *     MANUAL}
   */
  public Outcome unsubscribe(String leadId, String reason) {
    Instant at = clock.instant();
    ObjectNode data = json.createObjectNode();
    data.put("channel", "email");
    data.put("reason", reason);
    return jdbi.inTransaction(
        handle -> {
          LeadDao leads = handle.attach(LeadDao.class);
          Optional<LeadRow> lead = leads.lock(leadId);
          if (lead.isEmpty()) {
            return Outcome.UNKNOWN_LEAD;
          }
          if (leads.markEmailUnsubscribed(leadId, at) == 0) {
            return Outcome.ALREADY_UNSUBSCRIBED;
          }
          handle.attach(EventDao.class).insert(leadId, EventType.OPT_OUT, at, data.toString());
          webhooks.enqueue(
              handle,
              WebhookEvents.OPT_OUT,
              leadId,
              WebhookEvents.optOut(leadId, lead.get().phone(), "email", false, reason, null));
          return Outcome.UNSUBSCRIBED;
        });
  }

  /** Whether the lead is unsubscribed from email; empty for an unknown lead. */
  public Optional<Boolean> isUnsubscribed(String leadId) {
    return jdbi.withExtension(LeadDao.class, dao -> dao.find(leadId))
        .map(LeadRow::emailUnsubscribed);
  }
}

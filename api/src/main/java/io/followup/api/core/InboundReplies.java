package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.store.EventDao;
import io.followup.store.EventRow;
import io.followup.store.EventStatements;
import io.followup.store.FollowUpEvents;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadClock;
import io.followup.store.LeadDao;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.strategies.StrategyStats;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a lead's reply does, whichever channel it came by (texts: {@link InboundTexts}, emails:
 * {@link InboundEmails}): the inbound {@code MESSAGE} event, the strategy credit, the {@code
 * message.received} webhook and {@code hasReplied} (with its {@code leadTagged} the first time), in
 * the caller's transaction; and, after that commit, telling the lead's workflow under its row lock.
 */
final class InboundReplies {
  /** How many of the lead's latest sends are looked at for the reply's credit. */
  private static final int CREDIT_LOOKBACK = 50;

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final WebhookOutbox webhooks;
  private final ObjectMapper json;
  private final Clock clock;
  private final Conversations settings;

  InboundReplies(
      Jdbi jdbi,
      FollowUpGateway followUps,
      WebhookOutbox webhooks,
      ObjectMapper json,
      Clock clock,
      Conversations settings) {
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.webhooks = webhooks;
    this.json = json;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Records a reply: {@code data} (the event's, message fields set) gets the credit, the event is
   * inserted once under {@code dedupeKey}, and only then the credit, {@code received} (the {@code
   * message.received} webhook's data) and {@code hasReplied}.
   *
   * @param channel the {@code leadTagged} webhook's {@code channel}: {@code sms}, {@code email}
   * @return whether the reply was recorded now (false: recorded before)
   */
  boolean record(
      Handle handle,
      LeadRow lead,
      ObjectNode data,
      String dedupeKey,
      String channel,
      ObjectNode received,
      Instant now) {
    credit(handle, lead.id(), now, data);
    if (!EventStatements.insertEventOnce(
        handle, lead.id(), EventType.MESSAGE, now, data.toString(), dedupeKey)) {
      return false;
    }
    // the strategy of the credited send gets its reply, in this transaction (once: the event is)
    if (data.hasNonNull("creditedEventId") && data.hasNonNull("creditedStrategyId")) {
      StrategyStats.creditReply(
          handle,
          data.get("creditedEventId").asText(),
          data.get("creditedStrategyId").asText(),
          now);
    }
    webhooks.enqueue(handle, WebhookEvents.MESSAGE_RECEIVED, lead.id(), received);
    if (handle.attach(LeadDao.class).markReplied(lead.id(), now) == 1) {
      webhooks.enqueue(
          handle,
          WebhookEvents.LEAD_TAGGED,
          lead.id(),
          WebhookEvents.leadTagged(WebhookLead.of(lead), channel, "hasReplied"));
    }
    return true;
  }

  /**
   * Credits the lead's last send, as the strategy results count sends ({@link
   * StrategyStats#countsAsSend}: a MESSAGE or EMAIL event with status SENT, a CALL that was
   * ANSWERED, NO_ANSWER or VOICEMAIL_LEFT; a separate voicemail is its call's), when it went within
   * {@code REPLY_ATTRIBUTION_HOURS}: {@code creditedEventId}, {@code creditedStrategyId} (null
   * without a strategy), {@code creditedSentAt}. Nothing when no send qualifies.
   */
  void credit(Handle handle, String leadId, Instant now, ObjectNode data) {
    Instant since = now.minus(settings.replyAttribution());
    for (EventRow send : handle.attach(EventDao.class).latestSends(leadId, CREDIT_LOOKBACK)) {
      JsonNode sent = parse(send.data());
      if (!StrategyStats.countsAsSend(
          sent.path("channel").asText(null), sent.path("status").asText(null))) {
        continue;
      }
      if (send.occurredAt().isBefore(since)) {
        return;
      }
      data.put("creditedEventId", send.id());
      JsonNode strategy = sent.get("strategyId");
      data.put(
          "creditedStrategyId", strategy == null || strategy.isNull() ? null : strategy.asText());
      data.put("creditedSentAt", send.occurredAt().toString());
      return;
    }
  }

  /**
   * Tells the lead's workflow what the lead said, under the lead's row lock (docs/ARCHITECTURE.md,
   * "The lead and its workflow in step"): the row takes the state the workflow answered with
   * (unless a newer one is stored), an auto-reply that paused the lead gets its {@code
   * FOLLOW_UP_PAUSED} event under {@code pausedKey}, and {@code told} marks the inbound told, all
   * in one transaction.
   *
   * @throws RuntimeException when the workflow or the database could not be reached
   */
  void tell(
      String leadId, Inbound inbound, String updateId, String pausedKey, Consumer<Handle> told) {
    Database.inTransaction(
        jdbi,
        handle -> {
          Optional<LeadRow> lead = LeadStatements.lock(handle, leadId);
          boolean saved = false;
          if (lead.isPresent()) {
            FollowUpState before = FollowUpStateJson.of(lead.get());
            FollowUpState state = followUps.recordInbound(before, inbound, updateId);
            saved = LeadStatements.saveProjectionIfNewer(handle, state, clock.instant());
            if (inbound.kind() == Inbound.Kind.AUTO_REPLY
                && before.followUpStatus() != FollowUpStatus.PAUSED
                && state.followUpStatus() == FollowUpStatus.PAUSED) {
              EventStatements.insertEventOnce(
                  handle,
                  leadId,
                  EventType.FOLLOW_UP_PAUSED,
                  clock.instant(),
                  FollowUpEvents.paused(state, "OUT_OF_OFFICE"),
                  pausedKey);
            }
          }
          told.accept(handle);
          if (saved) {
            LeadClock.stamp(handle, leadId, clock.instant());
          }
        });
  }

  private JsonNode parse(String data) {
    try {
      return json.readTree(data);
    } catch (java.io.IOException e) {
      return json.createObjectNode();
    }
  }
}

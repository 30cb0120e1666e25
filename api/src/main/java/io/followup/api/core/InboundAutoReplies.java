package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.AutoReplies.AutoReply;
import io.followup.domain.events.EventType;
import io.followup.store.EventStatements;
import io.followup.store.LeadRow;
import io.followup.store.MessageEvents;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.schedule.TimeZones;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jdbi.v3.core.Handle;

/**
 * Inbound texts that are auto-replies (issue 21): recorded as an inbound {@code MESSAGE} with
 * {@code autoReply: true} and a {@code message.received} webhook that says so; no credit, no {@code
 * hasReplied}, no stop. An out-of-office one pauses the lead until the day it names (its start in
 * the lead's zone), else for {@code OOO_RESUME_DEFAULT_DAYS}.
 */
final class InboundAutoReplies {
  private final AutoReplies replies;
  private final ObjectMapper json;
  private final WebhookOutbox webhooks;
  private final Duration outOfOfficeDefault;
  private final String defaultTimezone;

  InboundAutoReplies(Conversations settings, ObjectMapper json, WebhookOutbox webhooks) {
    this.replies = new AutoReplies(settings.extraAutoReplyPhrases());
    this.json = json;
    this.webhooks = webhooks;
    this.outOfOfficeDefault = settings.outOfOfficeDefault();
    this.defaultTimezone = settings.defaultTimezone();
  }

  /** Whether {@code body} is an auto-reply (the date it names aside). */
  boolean isAutoReply(String body) {
    return replies.classify(body, LocalDate.of(2000, 1, 1)) != null;
  }

  /**
   * Until when an auto-reply received at {@code receivedAt} pauses {@code lead}: the start of the
   * day it names in the lead's zone, else {@code receivedAt} + the default; null when it is no
   * out-of-office reply (nothing pauses).
   */
  Instant resumeAt(LeadRow lead, String body, Instant receivedAt) {
    ZoneId zone = zone(lead.timezone());
    AutoReply reply = replies.classify(body, receivedAt.atZone(zone).toLocalDate());
    if (reply == null || !reply.outOfOffice()) {
      return null;
    }
    return reply.returnDate() != null
        ? reply.returnDate().atStartOfDay(zone).toInstant()
        : receivedAt.plus(outOfOfficeDefault);
  }

  private ZoneId zone(String leadZone) {
    if (leadZone != null && TimeZones.isRegionName(leadZone)) {
      return ZoneId.of(leadZone);
    }
    return defaultTimezone != null && TimeZones.isRegionName(defaultTimezone)
        ? ZoneId.of(defaultTimezone)
        : ZoneId.of("UTC");
  }

  /** The auto-reply's event and webhook, once per MessageSid. */
  void record(Handle handle, LeadRow lead, String sid, String body, Instant now) {
    ObjectNode data = json.createObjectNode();
    data.put("channel", "sms");
    MessageEvents.put(data, MessageEvents.INBOUND, MessageEvents.SMS, body, null);
    data.put("messageSid", sid);
    data.put("autoReply", true);
    if (!EventStatements.insertEventOnce(
        handle, lead.id(), EventType.MESSAGE, now, data.toString(), "sms:" + sid)) {
      return;
    }
    ObjectNode received = WebhookEvents.messageReceived(WebhookLead.of(lead), body);
    received.put("autoReply", true);
    webhooks.enqueue(handle, WebhookEvents.MESSAGE_RECEIVED, lead.id(), received);
  }
}

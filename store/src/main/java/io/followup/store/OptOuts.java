package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.domain.optout.OptOut;
import io.followup.domain.optout.OptOut.Flag;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The one place a lead's opt-out flags are written: the flag, its {@code OPT_OUT} (or {@code
 * OPT_IN}) event and the {@code optOut} webhook, in the caller's transaction, by {@link OptOut}'s
 * rules. Inbound keywords ({@code InboundTexts}), a provider's report ({@link JdbiLeadDirectory}),
 * unsubscribe links ({@link EmailOptOuts}) and a create after a STOP ({@code LeadCommands}) all
 * come through here.
 */
public final class OptOuts {
  private final ObjectMapper json;
  private final WebhookOutbox webhooks;

  public OptOuts(ObjectMapper json, WebhookOutbox webhooks) {
    this.json = json;
    this.webhooks = webhooks;
  }

  /**
   * Sets the opt-out's flag and records its event and webhook; a lead that has the flag already, or
   * is unknown, gets nothing (a second STOP records no second event).
   *
   * @return whether the lead was opted out now
   */
  public boolean record(Handle handle, String leadId, OptOut optOut, Instant at) {
    LeadDao leads = handle.attach(LeadDao.class);
    int changed =
        optOut.flag() == Flag.EMAIL
            ? leads.markEmailUnsubscribed(leadId, at)
            : leads.setUnsubscribed(leadId, true, at);
    if (changed == 0) {
      return false;
    }
    ObjectNode data = json.valueToTree(optOut.eventData());
    if (optOut.dedupeKey() == null) {
      EventStatements.insertEvent(handle, leadId, EventType.OPT_OUT, at, data.toString());
    } else {
      EventStatements.insertEventOnce(
          handle, leadId, EventType.OPT_OUT, at, data.toString(), optOut.dedupeKey());
    }
    if (optOut.webhook()) {
      WebhookLead lead =
          LeadStatements.find(handle, leadId)
              .map(WebhookLead::of)
              .orElseGet(() -> WebhookLead.gone(leadId));
      webhooks.enqueue(
          handle,
          WebhookEvents.OPT_OUT,
          leadId,
          WebhookEvents.optOut(
              lead,
              optOut.channel(),
              optOut.twilioOptOut(),
              optOut.reason(),
              optOut.keywordText()));
    }
    return true;
  }

  /**
   * The lead texted an opt-in keyword (START, ...): clears the texts-and-calls flag and records an
   * {@code OPT_IN} event (no webhook); nothing when the lead was not opted out.
   *
   * @return whether the lead was opted in now
   */
  public boolean optIn(Handle handle, String leadId, String messageSid, Instant at) {
    if (handle.attach(LeadDao.class).setUnsubscribed(leadId, false, at) == 0) {
      return false;
    }
    ObjectNode data = json.createObjectNode();
    data.put("channel", "sms");
    data.put("reason", OptOut.KEYWORD);
    data.put("messageSid", messageSid);
    EventStatements.insertEventOnce(
        handle, leadId, EventType.OPT_IN, at, data.toString(), "sms:" + messageSid);
    return true;
  }
}

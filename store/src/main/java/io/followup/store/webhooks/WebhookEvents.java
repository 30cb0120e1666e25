package io.followup.store.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The events of SPEC "Outbound webhooks" and their {@code data}, in one place: the callers (the
 * ledger, the API, the inbound webhooks) pass the result to {@link WebhookOutbox#enqueue}. Every
 * event's {@code data} starts with its lead ({@link WebhookLead}: {@code leadId}, {@code phone},
 * {@code profile}).
 */
public final class WebhookEvents {
  public static final String MESSAGE_SENT = "message.sent";
  public static final String MESSAGE_RECEIVED = "message.received";
  public static final String OPT_OUT = "optOut";
  public static final String LEAD_TAGGED = "leadTagged";
  public static final String ADDITIONAL_INFO_UPDATED = "lead.additionalInfo.updated";
  public static final String CALL_COMPLETED = "call.completed";

  /** {@code POST /v1/webhooks/test}: sent to every URL whatever its filter, {@code data} empty. */
  public static final String PING = "ping";

  /**
   * The events a URL may subscribe to ({@code WEBHOOK_URLS=https://a/hook|message.sent,optOut}).
   */
  public static final Set<String> SUBSCRIBABLE =
      Set.of(
          MESSAGE_SENT,
          MESSAGE_RECEIVED,
          OPT_OUT,
          LEAD_TAGGED,
          ADDITIONAL_INFO_UPDATED,
          CALL_COMPLETED);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WebhookEvents() {}

  /**
   * @param channel {@code sms} or {@code email}
   * @param followUpStep null when the message is not a follow-up
   * @param subject the email's subject; null for a text
   * @param strategyId null when no strategy was used
   */
  public static ObjectNode messageSent(
      WebhookLead lead,
      String channel,
      boolean isFollowUp,
      Integer followUpStep,
      String text,
      String subject,
      String strategyId) {
    ObjectNode data = lead(lead);
    data.put("channel", channel);
    data.put("isFollowUp", isFollowUp);
    data.put("followUpStep", followUpStep);
    ObjectNode content = data.putObject("content");
    content.put("text", text);
    if (subject != null) {
      content.put("subject", subject);
    }
    if (strategyId != null) {
      data.put("strategyId", strategyId);
    }
    return data;
  }

  public static ObjectNode messageReceived(WebhookLead lead, String text) {
    ObjectNode data = lead(lead);
    data.put("channel", "sms");
    data.putObject("content").put("text", text);
    return data;
  }

  /** An inbound email's {@code message.received}: {@code channel: email}, text and subject. */
  public static ObjectNode messageReceivedEmail(WebhookLead lead, String text, String subject) {
    ObjectNode data = lead(lead);
    data.put("channel", "email");
    data.putObject("content").put("text", text).put("subject", subject);
    return data;
  }

  /**
   * @param channel {@code sms}, {@code email} or {@code call}
   * @param isTwilioOptOut null for email (Apten's), else whether Twilio handled or reported it
   * @param reason why: {@code KEYWORD}, a provider's code; for email {@code UNSUBSCRIBE_LINK},
   *     {@code BOUNCE}, {@code COMPLAINT}, {@code MANUAL}
   * @param message the text that triggered it, null when none
   */
  public static ObjectNode optOut(
      WebhookLead lead, String channel, Boolean isTwilioOptOut, String reason, String message) {
    ObjectNode data = lead(lead);
    data.put("channel", channel);
    data.put("isTwilioOptOut", isTwilioOptOut);
    data.put("optOutReason", reason);
    data.put("optOutMessage", message);
    return data;
  }

  public static ObjectNode leadTagged(WebhookLead lead, String channel, String tag) {
    ObjectNode data = lead(lead);
    data.put("channel", channel);
    data.put("tag", tag);
    return data;
  }

  /**
   * The keys whose value differs between {@code before} and {@code after}, as {@code {key: {"old",
   * "new"}}} (an absent key is null); empty when nothing changed.
   */
  public static ObjectNode additionalInfoChanges(ObjectNode before, ObjectNode after) {
    Set<String> keys = new LinkedHashSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    after.fieldNames().forEachRemaining(keys::add);
    ObjectNode changes = NODES.objectNode();
    for (String key : keys) {
      JsonNode old = before.get(key);
      JsonNode now = after.get(key);
      if (!Objects.equals(old, now)) {
        ObjectNode change = changes.putObject(key);
        change.set("old", old == null ? NullNode.instance : old);
        change.set("new", now == null ? NullNode.instance : now);
      }
    }
    return changes;
  }

  /**
   * @param changes from {@link #additionalInfoChanges}
   */
  public static ObjectNode additionalInfoUpdated(WebhookLead lead, ObjectNode changes) {
    ObjectNode data = lead(lead);
    data.set("additionalInfo", changes);
    return data;
  }

  /**
   * Apten's fields ({@code callId}, {@code durationSeconds}, {@code direction}, {@code summary})
   * beside ours ({@code followUpStep}, {@code outcome}).
   *
   * @param callId the provider's id of the call (Twilio's CallSid); null when it has none
   * @param durationSeconds null when the provider did not say
   * @param outcome {@code ANSWERED}, {@code NO_ANSWER}, {@code VOICEMAIL_LEFT}, {@code FAILED}
   */
  public static ObjectNode callCompleted(
      WebhookLead lead,
      String callId,
      Integer durationSeconds,
      Integer followUpStep,
      String outcome) {
    ObjectNode data = lead(lead);
    data.put("callId", callId);
    data.put("durationSeconds", durationSeconds);
    // every call the engine places is its own; no summary is made of it (Apten's AI summary)
    data.put("direction", "OUTBOUND");
    data.putNull("summary");
    data.put("followUpStep", followUpStep);
    data.put("outcome", outcome);
    return data;
  }

  private static ObjectNode lead(WebhookLead lead) {
    ObjectNode data = NODES.objectNode();
    data.put("leadId", lead.leadId());
    data.put("phone", lead.phone());
    data.put("profile", lead.profile());
    return data;
  }
}

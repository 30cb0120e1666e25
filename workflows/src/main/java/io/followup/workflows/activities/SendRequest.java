package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;
import java.time.Instant;
import java.util.List;

/**
 * One send of a follow-up. The lead's contact details are looked up by the activity, so no personal
 * data enters the workflow history; so is the opt-out, which the activity decides by the lead's
 * stored flag alone (requests recorded with an {@code optedOut} field still read: it is ignored).
 *
 * @param followUpStep the step being run (-2 for a long-term nurture touch)
 * @param idempotencyKey stable across retries and continue-as-new; the ledger and the provider key
 *     on it
 * @param strategyIds strategies to pick the message from; null for the channel's default template
 * @param dueAt the instant the step came due, after the sending window moved it (the instant the
 *     workflow decided to send); the worker measures the due lag from it. Null for a voicemail
 *     after a call (not a step coming due) and in requests recorded before the field existed
 * @param voicemailEnabled for a call: the step leaves a voicemail when a machine answers. A
 *     provider that detects answering machines (Twilio) leaves it on the same call and reports
 *     {@link DeliveryStatus#VOICEMAIL_LEFT}; false in payloads recorded before this field
 * @param messageId a one-off message's id ({@code sendMessage}): the text is that stored message,
 *     sent as written, and {@code followUpStep} is {@link #ONE_OFF}; null for a follow-up
 * @param validUntil when the lead's window closes after the send rules let it go: a text must be
 *     delivered before it (the provider drops it after: Twilio's {@code ValidityPeriod}); null when
 *     no window binds it (a message overriding business hours, a voicemail, older requests)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendRequest(
    String leadId,
    int followUpStep,
    Channel channel,
    String idempotencyKey,
    List<String> strategyIds,
    Instant dueAt,
    boolean voicemailEnabled,
    String messageId,
    Instant validUntil) {

  /** The {@code followUpStep} of a one-off message: no step of any config is 0. */
  public static final int ONE_OFF = 0;

  @JsonCreator
  public SendRequest {}

  /** A follow-up step's send (or the voicemail after its unanswered call). */
  public static SendRequest step(
      String leadId,
      int followUpStep,
      Channel channel,
      String idempotencyKey,
      List<String> strategyIds,
      Instant dueAt,
      boolean voicemailEnabled,
      Instant validUntil) {
    return new SendRequest(
        leadId,
        followUpStep,
        channel,
        idempotencyKey,
        strategyIds,
        dueAt,
        voicemailEnabled,
        null,
        validUntil);
  }

  /** A one-off text ({@code sendMessage}). */
  public static SendRequest oneOff(
      String leadId, String messageId, String idempotencyKey, Instant dueAt, Instant validUntil) {
    return new SendRequest(
        leadId, ONE_OFF, Channel.TEXT, idempotencyKey, null, dueAt, false, messageId, validUntil);
  }

  public boolean isOneOff() {
    return messageId != null;
  }
}

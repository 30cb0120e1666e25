package io.followup.domain.events;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;

/**
 * The types of a lead's events ({@code lead_events.type}, {@code GET /v1/leads/{id}/events}). The
 * stored and served spelling is {@link #name()}; clients must tolerate new constants (SPEC).
 */
public enum EventType {
  /**
   * A text: sent (or failed), from the delivery ledger ({@code data.direction: OUTBOUND}), or sent
   * by the lead ({@code INBOUND}).
   */
  MESSAGE,
  /** A call placed, or a voicemail left, from the delivery ledger. */
  CALL,
  /** An email sent (or failed), from the delivery ledger. */
  EMAIL,
  /** An accepted update of the follow-up (PATCH, create). */
  FOLLOW_UP_CHANGED,
  /** The schedule was paused (a PATCH, an out-of-office auto-reply): {@code data.resumeAt}. */
  FOLLOW_UP_PAUSED,
  /** A paused schedule runs again ({@code data.reason}: {@code PATCH}, {@code RESUME_AT}, ...). */
  FOLLOW_UP_RESUMED,
  /** A send not made: the lead opted out, or a cap deferred it. */
  COMPLIANCE_BLOCKED,
  /** {@code addContext}'s context. */
  CONTEXT_ADDED,
  /** The lead opted out (a keyword, a provider's report, an unsubscribe link). */
  OPT_OUT,
  /** The lead opted in again (a keyword). */
  OPT_IN,
  /**
   * The lead's consent recorded by create or PATCH ({@code data.consent}: source, capturedAt, text,
   * url): these events are the consent's history, the lead shows the latest.
   */
  CONSENT_RECORDED,
  /** A provider's later report on a send (delivered, undelivered, answered, ...). */
  DELIVERY_STATUS,
  /** Apten's: an AI agent's tool call. Nothing here writes it yet; a valid filter. */
  TOOL_CALL,
  /** Apten's: an event a caller defines. Nothing here writes it yet; a valid filter. */
  CUSTOM;

  /** The event the ledger records for a completed send: a blocked send is no message. */
  public static EventType ofSend(Channel channel, DeliveryStatus status) {
    if (status == DeliveryStatus.BLOCKED) {
      return COMPLIANCE_BLOCKED;
    }
    return switch (channel) {
      case TEXT -> MESSAGE;
      case CALL, VOICEMAIL -> CALL;
      case EMAIL -> EMAIL;
    };
  }
}

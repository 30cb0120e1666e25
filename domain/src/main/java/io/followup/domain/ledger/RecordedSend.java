package io.followup.domain.ledger;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;

/**
 * What the delivery ledger records for one send: its result plus the rendered {@code content} the
 * lead's events show. The content holds personal data, so it never leaves the worker: the workflow
 * gets {@link #toResult()}, which has no such field.
 *
 * @param content the text, call script or voicemail; an email's text body
 * @param subject an email's subject; null for the other channels
 * @param reason why a {@code BLOCKED} send was blocked ({@link BlockReason}); null otherwise. It is
 *     the {@code COMPLIANCE_BLOCKED} event's {@code reason}; the ledger's row does not keep it
 * @param durationSeconds a call's duration when the provider reported it; null otherwise. It goes
 *     into the {@code call.completed} webhook written with the send; the ledger's row does not keep
 *     it and the workflow's {@link SendResult} does not carry it
 */
public record RecordedSend(
    String idempotencyKey,
    Channel channel,
    DeliveryStatus status,
    String strategyId,
    String content,
    String subject,
    String providerId,
    String detail,
    String reason,
    Integer durationSeconds) {

  public RecordedSend(
      String idempotencyKey,
      Channel channel,
      DeliveryStatus status,
      String strategyId,
      String content,
      String subject,
      String providerId,
      String detail,
      String reason) {
    this(
        idempotencyKey,
        channel,
        status,
        strategyId,
        content,
        subject,
        providerId,
        detail,
        reason,
        null);
  }

  /** The result the activity returns to the workflow: everything but the content. */
  public SendResult toResult() {
    return new SendResult(idempotencyKey, channel, status, strategyId, providerId, detail);
  }
}

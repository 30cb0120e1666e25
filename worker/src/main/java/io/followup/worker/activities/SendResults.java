package io.followup.worker.activities;

import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.message.RenderedMessage;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;

/**
 * Builds what the ledger records. The activities return {@link RecordedSend#toResult()}: a type
 * without the content, so no path can hand the rendered message to the workflow history.
 */
final class SendResults {
  private SendResults() {}

  static RecordedSend of(
      String key,
      Channel channel,
      DeliveryStatus status,
      RenderedMessage message,
      String providerId,
      String detail) {
    return of(key, channel, status, message, providerId, detail, null);
  }

  /**
   * @param durationSeconds a call's duration as the provider reported it; null if it did not
   */
  static RecordedSend of(
      String key,
      Channel channel,
      DeliveryStatus status,
      RenderedMessage message,
      String providerId,
      String detail,
      Integer durationSeconds) {
    return new RecordedSend(
        key,
        channel,
        status,
        message == null ? null : message.strategyId(),
        message == null ? null : message.body(),
        message == null ? null : message.subject(),
        providerId,
        detail,
        null,
        durationSeconds);
  }

  /** A send a compliance rule stopped before the provider: nothing was handed over. */
  static RecordedSend blocked(
      String key, Channel channel, RenderedMessage message, String reason, String detail) {
    return new RecordedSend(
        key,
        channel,
        DeliveryStatus.BLOCKED,
        message == null ? null : message.strategyId(),
        message == null ? null : message.body(),
        message == null ? null : message.subject(),
        null,
        detail,
        reason);
  }

  static RecordedSend failed(String key, Channel channel, String reason) {
    return of(key, channel, DeliveryStatus.FAILED, null, null, reason);
  }
}

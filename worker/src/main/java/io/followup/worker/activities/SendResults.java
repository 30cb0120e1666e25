package io.followup.worker.activities;

import io.followup.worker.message.RenderedMessage;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;

/** Builds the results the ledger records and the activities return. */
final class SendResults {
  private SendResults() {}

  static SendResult of(
      String key,
      Channel channel,
      DeliveryStatus status,
      RenderedMessage message,
      String providerId,
      String detail) {
    return new SendResult(
        key,
        channel,
        status,
        message == null ? null : message.strategyId(),
        message == null ? null : message.content(),
        providerId,
        detail);
  }

  static SendResult failed(String key, Channel channel, String reason) {
    return of(key, channel, DeliveryStatus.FAILED, null, null, reason);
  }

  /**
   * What goes back to the workflow: the recorded result without the rendered content, which holds
   * the lead's name and details. The content stays in the ledger, where the lead's events read it;
   * a workflow history holds no personal data.
   */
  static SendResult forHistory(SendResult recorded) {
    return recorded.content() == null
        ? recorded
        : new SendResult(
            recorded.idempotencyKey(),
            recorded.channel(),
            recorded.status(),
            recorded.strategyId(),
            null,
            recorded.providerId(),
            recorded.detail());
  }
}

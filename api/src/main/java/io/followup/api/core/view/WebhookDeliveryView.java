package io.followup.api.core.view;

import java.util.List;

/**
 * One delivery of one event to one URL ({@code GET /v1/webhooks/deliveries}).
 *
 * @param status {@code PENDING} (waiting for its next attempt), {@code DELIVERED} (a 2xx), {@code
 *     FAILED} (given up after the retry period; replayable)
 * @param nextAttemptAt when a PENDING delivery is tried next; null otherwise
 */
public record WebhookDeliveryView(
    String id,
    String eventId,
    String event,
    String url,
    String leadId,
    String status,
    String createdAt,
    String deliveredAt,
    String nextAttemptAt,
    List<Attempt> attempts) {

  /**
   * @param statusCode the receiver's answer; null when none came
   * @param error why no answer came; null when one did
   */
  public record Attempt(String time, Integer statusCode, long latencyMs, String error) {}
}

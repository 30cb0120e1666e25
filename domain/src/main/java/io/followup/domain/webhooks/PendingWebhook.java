package io.followup.domain.webhooks;

import java.time.Instant;

/**
 * One delivery of one event to one URL, as the outbox holds it.
 *
 * @param body the exact bytes (UTF-8) every attempt sends and signs
 * @param attempts the failed attempts so far
 */
public record PendingWebhook(
    long id,
    String eventId,
    String event,
    String url,
    String body,
    int attempts,
    Instant createdAt) {}

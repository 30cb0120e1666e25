package io.followup.store;

import java.time.Instant;

/** A row of {@code lead_messages}: a one-off text and how it is to be sent. */
public record LeadMessageRow(
    String id,
    String leadId,
    String idempotencyKey,
    String requestHash,
    String body,
    Instant sendAt,
    boolean overrideBusinessHours,
    boolean sendWhenOff,
    boolean scheduleFollowUps,
    boolean accepted,
    Instant createdAt) {}

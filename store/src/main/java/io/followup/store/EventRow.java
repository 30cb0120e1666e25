package io.followup.store;

import java.time.Instant;

/**
 * A row of {@code lead_events}.
 *
 * @param occurredAt when it happened
 * @param updatedAt when it last changed (a delivery status moves a send's event); never earlier
 */
public record EventRow(
    long id,
    String leadId,
    String type,
    Instant occurredAt,
    Instant updatedAt,
    String data,
    String actorType,
    String actorId,
    String requestId) {}

package io.followup.store;

import java.time.Instant;

/**
 * An event as {@code GET /v1/audit} lists it: {@link EventRow}'s fields and its place in the audit
 * ({@code auditSeq}, then {@code id}).
 */
public record AuditRow(
    long auditSeq,
    long id,
    String leadId,
    String type,
    Instant occurredAt,
    Instant updatedAt,
    String data,
    String actorType,
    String actorId,
    String requestId) {}

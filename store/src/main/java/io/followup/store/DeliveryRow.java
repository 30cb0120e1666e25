package io.followup.store;

import java.time.Instant;

public record DeliveryRow(
    String idempotencyKey,
    String leadId,
    int followUpStep,
    String channel,
    String status,
    String strategyId,
    String content,
    String subject,
    String providerId,
    String detail,
    Instant claimedAt,
    Instant completedAt) {}

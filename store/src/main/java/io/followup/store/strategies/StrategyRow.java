package io.followup.store.strategies;

import java.time.Instant;

/** A row of {@code strategies}; {@code channel} in its wire name (text, call, email). */
public record StrategyRow(
    String id,
    String name,
    String channel,
    String template,
    String subject,
    boolean active,
    Instant createdAt,
    Instant updatedAt) {}

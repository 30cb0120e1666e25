package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /v1/leads/{leadId}} and the items of the list. Instants are ISO-8601 UTC. */
public record LeadView(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    String customerProfile,
    JsonNode additionalInfo,
    boolean hasReplied,
    boolean isUnsubscribed,
    int followUpStep,
    String followUpStatus,
    String nextFollowUpAt,
    JsonNode followUpConfig,
    boolean useStrategiesForFollowUps,
    String createdAt,
    String updatedAt) {}

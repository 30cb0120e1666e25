package io.followup.api.core.view;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of any lead, as {@code GET /v1/audit} shows it: who, when, with which request. */
public record AuditEventView(
    String id,
    String leadId,
    String type,
    String timestamp,
    ActorView actor,
    String requestId,
    JsonNode data) {}

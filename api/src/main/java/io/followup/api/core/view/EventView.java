package io.followup.api.core.view;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of a lead, as {@code GET /v1/leads/{id}/events} shows it. */
public record EventView(long id, String type, String timestamp, JsonNode data) {}

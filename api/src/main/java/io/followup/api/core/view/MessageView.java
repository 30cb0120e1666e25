package io.followup.api.core.view;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of a lead's conversation ({@code GET /v1/leads/{id}/messages}).
 *
 * @param content {@code {"text"}}, and {@code subject} for an email
 * @param owner {@code user} (ours: a follow-up or a one-off message) or {@code lead} (a reply)
 */
public record MessageView(JsonNode content, String createdAt, String owner) {}

package io.followup.api.core;

import java.util.List;

/** {@code GET /v1/leads/{id}/messages}: the conversation, oldest first. */
public record MessagesView(List<MessageView> messages) {}

package io.followup.api.core.view;

import java.util.List;

/** {@code GET /v1/leads/{id}/messages}: the conversation, oldest first. */
public record MessagesView(List<MessageView> messages) {}

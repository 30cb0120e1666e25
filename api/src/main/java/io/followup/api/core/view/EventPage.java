package io.followup.api.core.view;

import java.util.List;

/** {@code GET /v1/leads/{id}/events}: oldest first; {@code nextToken} is null on the last page. */
public record EventPage(List<EventView> events, String nextToken) {}

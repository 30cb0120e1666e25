package io.followup.api.core.view;

import java.util.List;

/**
 * {@code GET /v1/leads}: oldest first by the chosen timestamp; {@code nextToken} is null on the
 * last page.
 */
public record LeadPage(List<LeadView> leads, String nextToken) {}

package io.followup.api.core.view;

import java.util.List;

/** {@code GET /v1/leads}: newest first; {@code nextToken} is null on the last page. */
public record LeadPage(List<LeadView> leads, String nextToken) {}

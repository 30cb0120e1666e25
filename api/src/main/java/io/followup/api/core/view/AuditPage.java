package io.followup.api.core.view;

import java.util.List;

/** {@code GET /v1/audit}: oldest first; {@code nextToken} is null on the last page. */
public record AuditPage(List<AuditEventView> events, String nextToken) {}

package io.followup.api.http;

import io.followup.api.core.AuditLog;
import io.followup.api.core.view.AuditPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Who caused what: every lead's events with their actor and request id (API key). Thin. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  private final AuditLog audit;

  public AuditResource(AuditLog audit) {
    this.audit = audit;
  }

  @GET
  @Answers({200, 400, 403, 429, 500, 503})
  public AuditPage list(
      @QueryParam("since") String since,
      @QueryParam("leadId") String leadId,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken) {
    return audit.list(since, leadId, JsonBodies.integer("limit", limit), nextToken);
  }
}

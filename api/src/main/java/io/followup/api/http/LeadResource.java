package io.followup.api.http;

import io.followup.api.core.LeadService;
import io.followup.api.core.LeadView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The Apten-compatible lead endpoints. Thin: parse, call the service, answer. */
@Path("/v1/leads")
@Produces(MediaType.APPLICATION_JSON)
public class LeadResource {
  private final LeadService leads;
  private final JsonBodies bodies;

  public LeadResource(LeadService leads, JsonBodies bodies) {
    this.leads = leads;
    this.bodies = bodies;
  }

  @POST
  @Path("/create")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> create(String body) {
    String id = leads.create(bodies.parse(body));
    return Map.of("message", "Lead created successfully.", "id", id);
  }

  @GET
  @Path("/{leadId}")
  public LeadView get(@PathParam("leadId") String leadId) {
    return leads.get(leadId);
  }

  @PATCH
  @Path("/{leadId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> update(
      @PathParam("leadId") String leadId,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      String body) {
    leads.update(leadId, bodies.parse(body), JsonBodies.idempotencyKey(idempotencyKey));
    return Map.of("message", "Lead updated successfully.");
  }

  @GET
  public LeadService.LeadPage list(
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("updatedSince") String updatedSince,
      @QueryParam("createdSince") String createdSince) {
    return leads.list(JsonBodies.integer("limit", limit), nextToken, updatedSince, createdSince);
  }

  @GET
  @Path("/{leadId}/events")
  public LeadService.EventPage events(
      @PathParam("leadId") String leadId,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("since") String since,
      @QueryParam("types") String types) {
    return leads.events(leadId, JsonBodies.integer("limit", limit), nextToken, since, types);
  }
}

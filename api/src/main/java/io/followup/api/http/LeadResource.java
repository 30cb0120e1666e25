package io.followup.api.http;

import io.followup.api.core.EventPage;
import io.followup.api.core.LeadCommands;
import io.followup.api.core.LeadPage;
import io.followup.api.core.LeadQueries;
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
  private final LeadCommands commands;
  private final LeadQueries queries;
  private final JsonBodies bodies;

  public LeadResource(LeadCommands commands, LeadQueries queries, JsonBodies bodies) {
    this.commands = commands;
    this.queries = queries;
    this.bodies = bodies;
  }

  @POST
  @Path("/create")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> create(String body) {
    String id = commands.create(bodies.parse(body));
    return Map.of("message", "Lead created successfully.", "id", id);
  }

  @GET
  @Path("/{leadId}")
  public LeadView get(@PathParam("leadId") String leadId) {
    return queries.get(leadId);
  }

  @PATCH
  @Path("/{leadId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> update(
      @PathParam("leadId") String leadId,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      String body) {
    commands.update(leadId, bodies.parse(body), JsonBodies.idempotencyKey(idempotencyKey));
    return Map.of("message", "Lead updated successfully.");
  }

  @GET
  public LeadPage list(
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("updatedSince") String updatedSince,
      @QueryParam("createdSince") String createdSince) {
    return queries.list(JsonBodies.integer("limit", limit), nextToken, updatedSince, createdSince);
  }

  @GET
  @Path("/{leadId}/events")
  public EventPage events(
      @PathParam("leadId") String leadId,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("since") String since,
      @QueryParam("types") String types) {
    return queries.events(leadId, JsonBodies.integer("limit", limit), nextToken, since, types);
  }
}

package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.api.core.LeadReads;
import io.followup.api.core.LeadWrites;
import io.followup.api.core.view.EventPage;
import io.followup.api.core.view.LeadPage;
import io.followup.api.core.view.LeadView;
import io.followup.api.core.view.MessagesView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The Apten-compatible lead endpoints. Thin: parse, call the service, answer. */
@Path("/v1/leads")
@Produces(MediaType.APPLICATION_JSON)
public class LeadResource {
  /** Lead ids are UUIDs; the store's column holds 64 characters. Longer ids are unknown. */
  static final int MAX_LEAD_ID_LENGTH = 64;

  private final LeadWrites commands;
  private final LeadReads queries;
  private final JsonBodies bodies;

  public LeadResource(LeadWrites commands, LeadReads queries, JsonBodies bodies) {
    this.commands = commands;
    this.queries = queries;
    this.bodies = bodies;
  }

  @POST
  @Path("/create")
  @Answers({200, 400, 403, 409, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    String id = commands.create(bodies.read(contentType, body));
    return Map.of("message", "Lead created successfully.", "id", id);
  }

  @GET
  @Path("/{leadId}")
  @Answers({200, 403, 404, 429, 500, 503})
  public LeadView get(@PathParam("leadId") String leadId) {
    return queries.get(leadId(leadId));
  }

  @PATCH
  @Path("/{leadId}")
  @Answers({200, 400, 403, 404, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> update(
      @PathParam("leadId") String leadId,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    String id = leadId(leadId);
    commands.update(id, bodies.read(contentType, body), JsonBodies.idempotencyKey(idempotencyKey));
    return Map.of("message", "Lead updated successfully.");
  }

  @DELETE
  @Path("/{leadId}")
  @Answers({200, 403, 404, 429, 500, 503})
  public Map<String, String> delete(@PathParam("leadId") String leadId) {
    commands.delete(leadId(leadId));
    return Map.of("message", "Lead deleted successfully.");
  }

  @POST
  @Path("/{leadId}/addContext")
  @Answers({200, 400, 403, 404, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> addContext(
      @PathParam("leadId") String leadId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    commands.addContext(leadId(leadId), bodies.read(contentType, body));
    return Map.of("message", "Success");
  }

  @POST
  @Path("/{leadId}/sendMessage")
  @Answers({200, 400, 403, 404, 409, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> sendMessage(
      @PathParam("leadId") String leadId,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    commands.sendMessage(
        leadId(leadId), bodies.read(contentType, body), JsonBodies.idempotencyKey(idempotencyKey));
    return Map.of("message", "Message sent successfully.");
  }

  @GET
  @Answers({200, 400, 403, 429, 500, 503})
  public LeadPage list(
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("updatedSince") String updatedSince,
      @QueryParam("createdSince") String createdSince) {
    return queries.list(JsonBodies.integer("limit", limit), nextToken, updatedSince, createdSince);
  }

  @GET
  @Path("/{leadId}/events")
  @Answers({200, 400, 403, 404, 429, 500, 503})
  public EventPage events(
      @PathParam("leadId") String leadId,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken,
      @QueryParam("since") String since,
      @QueryParam("types") String types) {
    return queries.events(
        leadId(leadId), JsonBodies.integer("limit", limit), nextToken, since, types);
  }

  @GET
  @Path("/{leadId}/messages")
  @Answers({200, 403, 404, 429, 500, 503})
  public MessagesView messages(@PathParam("leadId") String leadId) {
    return queries.messages(leadId(leadId));
  }

  /**
   * An id no lead can have (too long for the store, or holding control characters) is a 404 without
   * a database query; its message does not echo the id back.
   */
  static String leadId(String leadId) {
    boolean impossible =
        leadId == null
            || leadId.isEmpty()
            || leadId.length() > MAX_LEAD_ID_LENGTH
            || leadId
                .chars()
                .anyMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c));
    if (impossible) {
      throw new ApiException(404, "lead not found: no lead has such an id");
    }
    return leadId;
  }
}

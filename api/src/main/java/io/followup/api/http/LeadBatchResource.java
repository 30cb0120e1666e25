package io.followup.api.http;

import io.followup.api.core.LeadBatch;
import io.followup.api.core.view.BatchResults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/leads/batch}: creates and updates, a result per item. One request against the
 * rate limit, whatever its items (README, "Batch writes"). Thin.
 */
@Path("/v1/leads/batch")
@Produces(MediaType.APPLICATION_JSON)
public class LeadBatchResource {
  private final LeadBatch batch;
  private final JsonBodies bodies;

  public LeadBatchResource(LeadBatch batch, JsonBodies bodies) {
    this.batch = batch;
    this.bodies = bodies;
  }

  @POST
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public BatchResults apply(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    return batch.apply(bodies.read(contentType, body));
  }
}

package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.api.core.Strategies;
import io.followup.api.core.view.StrategyPage;
import io.followup.api.core.view.StrategyView;
import jakarta.ws.rs.Consumes;
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

/** The strategy catalogue. Thin: parse, call the use case, answer. */
@Path("/v1/strategies")
@Produces(MediaType.APPLICATION_JSON)
public class StrategyResource {
  private final Strategies strategies;
  private final JsonBodies bodies;

  public StrategyResource(Strategies strategies, JsonBodies bodies) {
    this.strategies = strategies;
    this.bodies = bodies;
  }

  @POST
  @Answers({200, 400, 403, 409, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    String id = strategies.create(bodies.read(contentType, body));
    return Map.of("message", "Strategy created successfully.", "id", id);
  }

  @GET
  @Answers({200, 400, 403, 429, 500, 503})
  public StrategyPage list(@QueryParam("sort") String sort) {
    return strategies.list(sort);
  }

  @GET
  @Path("/{strategyId}")
  @Answers({200, 403, 404, 429, 500, 503})
  public StrategyView get(@PathParam("strategyId") String id) {
    return strategies.get(id(id));
  }

  @PATCH
  @Path("/{strategyId}")
  @Answers({200, 400, 403, 404, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> update(
      @PathParam("strategyId") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    String strategyId = id(id);
    strategies.update(strategyId, bodies.read(contentType, body));
    return Map.of("message", "Strategy updated successfully.");
  }

  /** An id no strategy can have is a 404 without a query; the message does not echo it. */
  private static String id(String id) {
    if (id == null || id.length() > 64 || !id.matches("[A-Za-z0-9._-]+")) {
      throw new ApiException(404, "strategy not found: no strategy has such an id");
    }
    return id;
  }
}

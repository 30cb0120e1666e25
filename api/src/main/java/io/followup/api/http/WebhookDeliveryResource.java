package io.followup.api.http;

import io.followup.api.core.WebhookDeliveries;
import io.followup.api.core.view.WebhookDeliveryPage;
import io.followup.api.core.view.WebhookDeliveryView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The outbound webhooks' delivery log, replay and test ping (API key). Thin. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveryResource {
  private final WebhookDeliveries deliveries;

  public WebhookDeliveryResource(WebhookDeliveries deliveries) {
    this.deliveries = deliveries;
  }

  @GET
  @Path("/deliveries")
  @Answers({200, 400, 403, 429, 500, 503})
  public WebhookDeliveryPage list(
      @QueryParam("status") String status,
      @QueryParam("event") String event,
      @QueryParam("leadId") String leadId,
      @QueryParam("since") String since,
      @QueryParam("limit") String limit,
      @QueryParam("nextToken") String nextToken) {
    return deliveries.list(
        status, event, leadId, since, JsonBodies.integer("limit", limit), nextToken);
  }

  @GET
  @Path("/deliveries/{deliveryId}")
  @Answers({200, 403, 404, 429, 500, 503})
  public WebhookDeliveryView get(@PathParam("deliveryId") String deliveryId) {
    return deliveries.get(deliveryId);
  }

  @POST
  @Path("/deliveries/{deliveryId}/replay")
  @Answers({202, 403, 404, 409, 429, 500, 503})
  public Response replay(@PathParam("deliveryId") String deliveryId) {
    return Response.accepted(deliveries.replay(deliveryId)).build();
  }

  @POST
  @Path("/test")
  @Answers({202, 403, 409, 429, 500, 503})
  public Response test() {
    return Response.accepted(deliveries.ping()).build();
  }
}

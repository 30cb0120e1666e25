package io.followup.api.http;

import io.followup.api.core.SendSwitches;
import io.followup.api.core.view.SendSwitchView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The send switch (admin keys only: {@link ApiKeyFilter#ADMIN_PREFIX}). Thin. */
@Path("/v1/admin/sends")
@Produces(MediaType.APPLICATION_JSON)
public class SendSwitchResource {
  private final SendSwitches switches;
  private final JsonBodies bodies;

  public SendSwitchResource(SendSwitches switches, JsonBodies bodies) {
    this.switches = switches;
    this.bodies = bodies;
  }

  @GET
  @Answers({200, 403, 429, 500, 503})
  public SendSwitchView get() {
    return switches.get();
  }

  @POST
  @Path("/pause")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public SendSwitchView pause(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    return switches.pause(bodies.read(contentType, body));
  }

  @POST
  @Path("/resume")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public SendSwitchView resume(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    return switches.resume(bodies.read(contentType, body));
  }
}

package io.followup.api.http;

import io.followup.api.core.DoNotContact;
import io.followup.api.core.view.DncEntryView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The Do-Not-Contact list (Apten's "DNC register", plus read and remove). Thin. */
@Path("/v1/dnc")
@Produces(MediaType.APPLICATION_JSON)
public class DncResource {
  private final DoNotContact dnc;
  private final JsonBodies bodies;

  public DncResource(DoNotContact dnc, JsonBodies bodies) {
    this.dnc = dnc;
    this.bodies = bodies;
  }

  @POST
  @Path("/register")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, String> register(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    dnc.register(bodies.read(contentType, body));
    // Apten's words, without a full stop
    return Map.of("message", "Phone number successfully added to DNC list");
  }

  @GET
  @Path("/{phone}")
  @Answers({200, 400, 403, 404, 429, 500, 503})
  public DncEntryView get(@PathParam("phone") String phone) {
    return dnc.get(phone);
  }

  @DELETE
  @Path("/{phone}")
  @Answers({200, 400, 403, 429, 500, 503})
  public Map<String, String> remove(@PathParam("phone") String phone) {
    return Map.of(
        "message",
        dnc.remove(phone)
            ? "Phone number removed from DNC list"
            : "Phone number was not on the DNC list");
  }
}

package io.followup.api.http;

import io.followup.api.core.LeadSchedules;
import io.followup.api.core.view.ScheduleView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/** {@code GET /v1/leads/{leadId}/schedule}: the upcoming follow-ups with their real instants. */
@Path("/v1/leads/{leadId}/schedule")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
  private final LeadSchedules schedules;

  public ScheduleResource(LeadSchedules schedules) {
    this.schedules = Objects.requireNonNull(schedules, "schedules");
  }

  @GET
  @Answers({200, 400, 403, 404, 429, 500, 503})
  public ScheduleView schedule(
      @PathParam("leadId") String leadId, @QueryParam("limit") String limit) {
    return schedules.schedule(LeadResource.leadId(leadId), JsonBodies.integer("limit", limit));
  }
}

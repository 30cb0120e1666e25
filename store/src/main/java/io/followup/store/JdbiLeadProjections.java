package io.followup.store;

import io.followup.domain.events.EventType;
import io.followup.workflows.activities.LeadProjectionActivities;
import io.followup.workflows.model.FollowUpState;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The workflows role's projection store: a state a lead's workflow reached on its own (a step ran,
 * a send waits for the window) is written unless a newer revision is stored. A database failure is
 * thrown as is, so the activity is retried.
 */
public final class JdbiLeadProjections implements LeadProjectionActivities {
  private final Jdbi jdbi;
  private final Clock clock;

  public JdbiLeadProjections(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void saveProjection(FollowUpState state) {
    Sql.forActivity(
        () ->
            jdbi.useTransaction(
                handle -> {
                  if (LeadStatements.saveProjectionIfNewer(handle, state, clock.instant())) {
                    LeadClock.stamp(handle, state.leadId(), clock.instant());
                  }
                }));
  }

  /** Once per resume (a retry finds the event under its key), with the stored state. */
  @Override
  public void saveResumed(FollowUpState state, String reason) {
    Sql.forActivity(
        () ->
            jdbi.useTransaction(
                handle -> {
                  Instant now = clock.instant();
                  EventStatements.insertEventOnce(
                      handle,
                      state.leadId(),
                      EventType.FOLLOW_UP_RESUMED,
                      now,
                      FollowUpEvents.resumed(state, reason),
                      "resumed:" + state.revision());
                  LeadStatements.saveProjectionIfNewer(handle, state, now);
                  LeadClock.stamp(handle, state.leadId(), now);
                }));
  }
}

package io.followup.worker.projection;

import io.followup.workflows.activities.LeadProjectionActivities;
import io.followup.workflows.model.FollowUpState;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps the last follow-up state each lead's workflow reached, in memory (tests and local runs; the
 * API stores it in the lead's row). A retried save that arrives after a newer one is ignored:
 * states are ordered by their revision, which the workflow bumps on every change.
 */
public final class InMemoryLeadProjections implements LeadProjectionActivities {
  private final ConcurrentMap<String, FollowUpState> states = new ConcurrentHashMap<>();

  @Override
  public void saveProjection(FollowUpState state) {
    states.merge(state.leadId(), state, (old, now) -> isOlder(now, old) ? old : now);
  }

  @Override
  public void saveResumed(FollowUpState state, String reason) {
    saveProjection(state);
  }

  public Optional<FollowUpState> find(String leadId) {
    return Optional.ofNullable(states.get(leadId));
  }

  private static boolean isOlder(FollowUpState a, FollowUpState b) {
    return a.revision() < b.revision();
  }
}

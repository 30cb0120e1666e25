package io.followup.workflows.activities;

import io.followup.workflows.model.FollowUpState;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * On {@link io.followup.workflows.TaskQueues#WORKFLOWS}: stores the state a workflow reached on its
 * own (a step ran, a send waits for the window) as the lead's projection, for reads, lists and
 * recovery. Changes made through the API are stored by the API itself.
 */
@ActivityInterface
public interface LeadProjectionActivities {
  @ActivityMethod
  void saveProjection(FollowUpState state);

  /**
   * A paused lead resumed on its own ({@code reason}: {@code RESUME_AT}, the pause's end): stores
   * the state and the lead's {@code FOLLOW_UP_RESUMED} event together.
   */
  @ActivityMethod
  void saveResumed(FollowUpState state, String reason);
}

package io.followup.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Served by the call fleet on {@link io.followup.workflows.TaskQueues#CALL}. */
@ActivityInterface
public interface CallActivities {
  /** Returns ANSWERED or NO_ANSWER when the call was placed. */
  @ActivityMethod
  SendResult placeCall(SendRequest request);

  @ActivityMethod
  SendResult leaveVoicemail(SendRequest request);
}

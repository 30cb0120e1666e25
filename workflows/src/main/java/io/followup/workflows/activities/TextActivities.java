package io.followup.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Served by the text fleet on {@link io.followup.workflows.TaskQueues#TEXT}. */
@ActivityInterface
public interface TextActivities {
  @ActivityMethod
  SendResult sendText(SendRequest request);
}

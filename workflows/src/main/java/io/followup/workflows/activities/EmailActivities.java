package io.followup.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Served by the email fleet on {@link io.followup.workflows.TaskQueues#EMAIL}. */
@ActivityInterface
public interface EmailActivities {
  @ActivityMethod
  SendResult sendEmail(SendRequest request);
}

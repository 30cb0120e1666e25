package io.followup.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Bookkeeping on {@link io.followup.workflows.TaskQueues#WORKFLOWS}: records a send whose channel
 * activity gave up (provider down past its retries, fleet unavailable), so the failure is an event
 * and the schedule goes on; and a send the workflow held back (the daily cap), so the delay is an
 * event too.
 */
@ActivityInterface
public interface DeliveryRecordActivities {
  @ActivityMethod
  SendResult recordFailure(SendRequest request, String reason);

  /** Records the lead's {@code COMPLIANCE_BLOCKED} event for a deferred send. */
  @ActivityMethod
  void recordDeferral(SendDeferral deferral);
}

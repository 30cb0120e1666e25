package io.followup.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The send rules that depend on the lead's phone and on tz data (zones, windows, holidays, a
 * region's window and cap): a local activity on the workflows worker, so its answer is recorded and
 * replay never evaluates the rules again.
 */
@ActivityInterface
public interface SendRulesActivities {
  @ActivityMethod
  SendSlot firstAllowedInstant(SendSlotRequest request);
}

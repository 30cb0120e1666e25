package io.followup.worker.activities;

import io.followup.worker.provider.SendProgress;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/**
 * A send's progress kept in the activity's heartbeat: an attempt that replaces one that died (its
 * heartbeat timed out) reads what that attempt saved last, so a call is followed, not placed again.
 */
final class HeartbeatProgress implements SendProgress {
  private final ActivityExecutionContext context;

  private HeartbeatProgress(ActivityExecutionContext context) {
    this.context = context;
  }

  /** The running activity's heartbeat; none when called outside an activity (a direct call). */
  static SendProgress current() {
    try {
      return new HeartbeatProgress(Activity.getExecutionContext());
    } catch (IllegalStateException notInAnActivity) {
      return SendProgress.NONE;
    }
  }

  @Override
  public Optional<String> recalled() {
    return context.getHeartbeatDetails(String.class);
  }

  @Override
  public void save(String details) {
    context.heartbeat(details);
  }
}

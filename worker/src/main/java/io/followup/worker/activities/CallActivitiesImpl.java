package io.followup.worker.activities;

import io.followup.workflows.activities.CallActivities;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;

/**
 * Calls and voicemails go through the same voice provider; both keep their progress in the
 * activity's heartbeat, so an attempt that replaces a dead one follows the same call.
 */
public final class CallActivitiesImpl implements CallActivities {
  private final Sender sender;

  public CallActivitiesImpl(Sender sender) {
    this.sender = sender;
  }

  @Override
  public SendResult placeCall(SendRequest request) {
    return sender.send(request, Channel.CALL, HeartbeatProgress.current());
  }

  @Override
  public SendResult leaveVoicemail(SendRequest request) {
    return sender.send(request, Channel.VOICEMAIL, HeartbeatProgress.current());
  }
}

package io.followup.worker.activities;

import io.followup.workflows.activities.EmailActivities;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;

public final class EmailActivitiesImpl implements EmailActivities {
  private final Sender sender;

  public EmailActivitiesImpl(Sender sender) {
    this.sender = sender;
  }

  @Override
  public SendResult sendEmail(SendRequest request) {
    return sender.send(request, Channel.EMAIL);
  }
}

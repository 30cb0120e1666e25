package io.followup.worker.activities;

import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.activities.TextActivities;
import io.followup.workflows.model.Channel;

public final class TextActivitiesImpl implements TextActivities {
  private final Sender sender;

  public TextActivitiesImpl(Sender sender) {
    this.sender = sender;
  }

  @Override
  public SendResult sendText(SendRequest request) {
    return sender.send(request, Channel.TEXT);
  }
}

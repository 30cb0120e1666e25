package io.followup.api.core.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;

/** A parsed, valid PATCH body; absent fields are null and change nothing. */
public record UpdateLead(
    String email,
    String timezone,
    ObjectNode additionalInfo,
    FollowUpConfig followUpConfig,
    Integer followUpStep,
    Boolean useStrategiesForFollowUps) {

  public boolean isEmpty() {
    return email == null
        && timezone == null
        && additionalInfo == null
        && followUpConfig == null
        && followUpStep == null
        && useStrategiesForFollowUps == null;
  }

  /** The part the lead's workflow owns; null when the update does not concern it. */
  public FollowUpChange followUpChange() {
    if (followUpConfig == null
        && followUpStep == null
        && useStrategiesForFollowUps == null
        && timezone == null) {
      return null;
    }
    return new FollowUpChange(
        followUpConfig, followUpStep, useStrategiesForFollowUps, timezone, null);
  }
}

package io.followup.api.core.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A parsed, valid PATCH body; absent fields are null and change nothing. {@code externalLeadId},
 * {@code summary} and {@code state} may be cleared: null when absent, empty when the body set them
 * to null. {@code consent} replaces the recorded one (its history is the events); it cannot be
 * cleared.
 */
public record UpdateLead(
    String email,
    String timezone,
    ObjectNode additionalInfo,
    FollowUpConfig followUpConfig,
    Integer followUpStep,
    Boolean useStrategiesForFollowUps,
    Optional<String> externalLeadId,
    Boolean isHot,
    Boolean isQualified,
    Optional<String> summary,
    Optional<String> state,
    Consent consent,
    FollowUpStatus followUpStatus,
    Instant resumeAt) {

  public boolean isEmpty() {
    return email == null
        && timezone == null
        && additionalInfo == null
        && followUpConfig == null
        && followUpStep == null
        && useStrategiesForFollowUps == null
        && externalLeadId == null
        && isHot == null
        && isQualified == null
        && summary == null
        && state == null
        && consent == null
        && followUpStatus == null
        && resumeAt == null;
  }

  /** The part the lead's workflow owns; null when the update does not concern it. */
  public FollowUpChange followUpChange() {
    if (followUpConfig == null
        && followUpStep == null
        && useStrategiesForFollowUps == null
        && timezone == null
        && followUpStatus == null
        && resumeAt == null) {
      return null;
    }
    return new FollowUpChange(
            followUpConfig, followUpStep, useStrategiesForFollowUps, timezone, null)
        .withStatus(followUpStatus, resumeAt);
  }
}

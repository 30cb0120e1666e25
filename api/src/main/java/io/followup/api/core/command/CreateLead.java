package io.followup.api.core.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.FollowUpConfig;

/**
 * A parsed, valid create body; optional fields are null when absent. {@code state}: the lead's US
 * state, two upper-case letters; {@code consent} its consent's provenance.
 */
public record CreateLead(
    String firstName,
    String lastName,
    String phone,
    String customerProfile,
    String timezone,
    String email,
    ObjectNode additionalInfo,
    FollowUpConfig followUpConfig,
    Integer followUpStep,
    Boolean useStrategiesForFollowUps,
    String externalLeadId,
    String state,
    Consent consent) {}

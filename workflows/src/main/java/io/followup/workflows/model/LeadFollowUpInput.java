package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A run's input: the state to resume from (the stored projection on a fresh start, the whole state
 * on continue-as-new) and the options.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeadFollowUpInput(String leadId, FollowUpState state, FollowUpOptions options) {

  public LeadFollowUpInput {
    state = state == null ? FollowUpState.unscheduled(leadId) : state;
    options = options == null ? FollowUpOptions.DEFAULTS : options;
  }
}

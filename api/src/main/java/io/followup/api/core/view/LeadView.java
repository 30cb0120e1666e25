package io.followup.api.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /v1/leads/{leadId}} and the items of the list. Instants are ISO-8601 UTC. {@code
 * isUnsubscribed} is the SMS opt-out (no texts or calls), {@code isEmailUnsubscribed} the email one
 * (the lead followed its unsubscribe link: no emails). {@code context}, the latest one added
 * ({@code addContext}), is shown by GET of one lead once there is one; the list leaves it out.
 */
public record LeadView(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    String customerProfile,
    JsonNode additionalInfo,
    boolean hasReplied,
    boolean isUnsubscribed,
    boolean isEmailUnsubscribed,
    int followUpStep,
    String followUpStatus,
    String nextFollowUpAt,
    JsonNode followUpConfig,
    boolean useStrategiesForFollowUps,
    String createdAt,
    String updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String context) {

  public LeadView withContext(String latest) {
    return new LeadView(
        id,
        firstName,
        lastName,
        phone,
        email,
        timezone,
        customerProfile,
        additionalInfo,
        hasReplied,
        isUnsubscribed,
        isEmailUnsubscribed,
        followUpStep,
        followUpStatus,
        nextFollowUpAt,
        followUpConfig,
        useStrategiesForFollowUps,
        createdAt,
        updatedAt,
        latest);
  }
}

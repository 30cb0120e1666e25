package io.followup.api.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /v1/leads/{leadId}} and the items of the list. Instants are ISO-8601 UTC. {@code
 * isUnsubscribed} is the SMS opt-out (no texts or calls), {@code isEmailUnsubscribed} the email one
 * (the lead followed its unsubscribe link: no emails). {@code context}, the latest one added
 * ({@code addContext}), is shown by GET of one lead once there is one; the list leaves it out.
 * {@code state}: the lead's US state as given (its region's rules bind it), null when not given.
 * {@code consent}: the lead's consent as last recorded ({@code source, capturedAt, text, url}),
 * null when none was (each recording is a {@code CONSENT_RECORDED} event). Apten's fields: {@code
 * externalLeadId}, {@code isHot}, {@code isQualified}, {@code summary} as the API set them; {@code
 * isAiOn} while follow-ups are not STOPPED; {@code tags} the built-in ones that apply; {@code
 * lastActivityAt} the latest event's time (null without events); {@code deleted}, {@code deletedAt}
 * for list sync (GET of an erased lead is 404). {@code resumeAt}: when a PAUSED lead resumes by
 * itself, or a REPLIED one if it stays quiet ({@code REPLY_RESUME_HOURS}); absent otherwise, and
 * for a pause until resumed.
 */
public record LeadView(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    String state,
    JsonNode consent,
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
    String externalLeadId,
    boolean isHot,
    boolean isQualified,
    boolean isAiOn,
    java.util.List<TagView> tags,
    String summary,
    String lastActivityAt,
    boolean deleted,
    String deletedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String context,
    @JsonInclude(JsonInclude.Include.NON_NULL) String resumeAt) {}

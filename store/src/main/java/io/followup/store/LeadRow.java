package io.followup.store;

import java.time.Instant;

/**
 * A row of {@code leads}: profile fields and the projection of the lead's workflow state. {@code
 * emailUnsubscribed}: the lead followed its email unsubscribe link (no more emails); {@code
 * isUnsubscribed} is the SMS opt-out (no texts or calls). {@code externalLeadId} (the caller's CRM
 * id), {@code isHot}, {@code isQualified}, {@code summary}: Apten's fields, set by the API; {@code
 * deletedAt}: when the lead was erased, null while it is not; {@code state}: the lead's US state
 * (two letters), null when not given. Its columns, and the one mapper of them, are {@link
 * LeadStatements#COLUMNS} and {@link LeadStatements.Mapper}.
 */
public record LeadRow(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    String customerProfile,
    String additionalInfo,
    boolean hasReplied,
    boolean isUnsubscribed,
    int followUpStep,
    String followUpStatus,
    Instant nextFollowUpAt,
    String followUpState,
    long changeSeq,
    long sendSeq,
    long revision,
    Instant createdAt,
    Instant updatedAt,
    boolean emailUnsubscribed,
    String externalLeadId,
    boolean isHot,
    boolean isQualified,
    String summary,
    Instant deletedAt,
    String state) {

  /** The fields an API write may change, as stored now. */
  public LeadProfile profile() {
    return new LeadProfile(
        email, timezone, additionalInfo, externalLeadId, isHot, isQualified, summary, state);
  }
}

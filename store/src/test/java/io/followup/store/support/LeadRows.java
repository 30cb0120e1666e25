package io.followup.store.support;

import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadRow;
import io.followup.workflows.model.FollowUpState;
import java.time.Instant;

/** Lead rows for storage tests: an unscheduled lead, created and updated at {@code at}. */
public final class LeadRows {
  private LeadRows() {}

  public static LeadRow unscheduled(String id, String phone, Instant at) {
    return unscheduled(id, "Ada", "Lovelace", phone, null, at);
  }

  public static LeadRow unscheduled(
      String id, String firstName, String lastName, String phone, String email, Instant at) {
    return new LeadRow(
        id,
        firstName,
        lastName,
        phone,
        email,
        null,
        null,
        "{}",
        false,
        false,
        0,
        "UNSCHEDULED",
        null,
        "{}",
        0,
        0,
        0,
        at,
        at,
        false,
        null,
        false,
        false,
        null,
        null,
        null);
  }

  /** The row with the projection of {@code state}, as the store writes one. */
  public static LeadRow withState(LeadRow row, FollowUpState state) {
    return new LeadRow(
        row.id(),
        row.firstName(),
        row.lastName(),
        row.phone(),
        row.email(),
        row.timezone(),
        row.customerProfile(),
        row.additionalInfo(),
        row.hasReplied(),
        row.isUnsubscribed(),
        state.followUpStep(),
        state.followUpStatus().name(),
        state.nextFollowUpAt(),
        FollowUpStateJson.write(state),
        state.changeSeq(),
        state.sendSeq(),
        state.revision(),
        row.createdAt(),
        row.updatedAt(),
        row.emailUnsubscribed(),
        row.externalLeadId(),
        row.isHot(),
        row.isQualified(),
        row.summary(),
        row.deletedAt(),
        null);
  }

  /** The row with the email opt-out set. */
  public static LeadRow emailUnsubscribed(LeadRow row) {
    return new LeadRow(
        row.id(),
        row.firstName(),
        row.lastName(),
        row.phone(),
        row.email(),
        row.timezone(),
        row.customerProfile(),
        row.additionalInfo(),
        row.hasReplied(),
        row.isUnsubscribed(),
        row.followUpStep(),
        row.followUpStatus(),
        row.nextFollowUpAt(),
        row.followUpState(),
        row.changeSeq(),
        row.sendSeq(),
        row.revision(),
        row.createdAt(),
        row.updatedAt(),
        true,
        row.externalLeadId(),
        row.isHot(),
        row.isQualified(),
        row.summary(),
        row.deletedAt(),
        null);
  }
}

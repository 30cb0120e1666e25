package io.followup.api.core;

import io.followup.api.core.command.CreateLead;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadRow;
import io.followup.workflows.model.FollowUpState;
import java.time.Instant;

/** The row of a lead a create stores: its fields as given, its schedule not started yet. */
final class NewLeads {
  private NewLeads() {}

  /**
   * @param info the lead's {@code additionalInfo}, merged and written as JSON
   */
  static LeadRow row(
      String id, CreateLead lead, String info, FollowUpState unscheduled, Instant now) {
    return new LeadRow(
        id,
        lead.firstName(),
        lead.lastName(),
        lead.phone(),
        lead.email(),
        lead.timezone(),
        lead.customerProfile(),
        info,
        false,
        // set with its OPT_OUT event below (OptOuts), in the insert's transaction
        false,
        unscheduled.followUpStep(),
        unscheduled.followUpStatus().name(),
        null,
        FollowUpStateJson.write(unscheduled),
        0,
        0,
        0,
        now,
        now,
        false,
        lead.externalLeadId(),
        false,
        false,
        null,
        null,
        lead.state());
  }
}

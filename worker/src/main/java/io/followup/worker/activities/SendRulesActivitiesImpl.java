package io.followup.worker.activities;

import io.followup.compliance.LeadSendRules;
import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.workflows.activities.SendRulesActivities;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's local activity: looks the lead's phone, zone and state up by id (so neither enters
 * the history) and answers with the first instant the send rules allow. A lead the directory does
 * not know is placed by its workflow's zone, else the organisation's.
 */
public final class SendRulesActivitiesImpl implements SendRulesActivities {
  private static final Logger log = LoggerFactory.getLogger(SendRulesActivitiesImpl.class);

  private final LeadDirectory leads;
  private final LeadSendRules rules;

  public SendRulesActivitiesImpl(LeadDirectory leads, LeadSendRules rules) {
    this.leads = Objects.requireNonNull(leads, "leads");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  @Override
  public SendSlot firstAllowedInstant(SendSlotRequest request) {
    Optional<Lead> lead = leads.find(request.leadId());
    SendSlot slot =
        rules.firstAllowed(
            request,
            lead.map(Lead::phone).orElse(null),
            lead.map(Lead::timezone).orElse(null),
            lead.map(Lead::state).orElse(null));
    if (slot.rule() != null) {
      log.debug(
          "lead {}: {} held back to {} by {} {}",
          request.leadId(),
          request.channel().wireName(),
          slot.at(),
          slot.rule(),
          slot.region() == null ? "" : slot.region());
    }
    return slot;
  }
}

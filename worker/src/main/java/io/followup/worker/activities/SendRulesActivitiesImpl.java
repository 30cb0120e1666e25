package io.followup.worker.activities;

import io.followup.compliance.LeadSendRules;
import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.sends.SenderPace;
import io.followup.worker.SendControls;
import io.followup.workflows.activities.SendRulesActivities;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's local activity: looks the lead's phone, zone and state up by id (so none enters
 * the history) and answers with the first instant the send rules allow, spread at a window's
 * opening and held while the operators' send switch pauses the channel ({@link
 * io.followup.compliance.SendSpread}); a send that may go now takes its sender's slot, and waits
 * for it when the sender is over its pace ({@link SendSlot#SENDER_CAP}). A lead the directory does
 * not know is placed by its workflow's zone, else the organisation's.
 */
public final class SendRulesActivitiesImpl implements SendRulesActivities {
  private static final Logger log = LoggerFactory.getLogger(SendRulesActivitiesImpl.class);

  private final LeadDirectory leads;
  private final LeadSendRules rules;
  private final SendControls controls;

  public SendRulesActivitiesImpl(LeadDirectory leads, LeadSendRules rules, SendControls controls) {
    this.leads = Objects.requireNonNull(leads, "leads");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.controls = Objects.requireNonNull(controls, "controls");
  }

  @Override
  public SendSlot firstAllowedInstant(SendSlotRequest request) {
    Optional<Lead> lead = leads.find(request.leadId());
    SendSlot rulesSlot =
        request.overrides()
            // overrideBusinessHours: no rule binds it, the switch and the pace still do
            ? SendSlot.now(request.notBefore())
            : rules.firstAllowed(
                request,
                lead.map(Lead::phone).orElse(null),
                lead.map(Lead::timezone).orElse(null),
                lead.map(Lead::state).orElse(null));
    SendSlot slot =
        controls
            .spread()
            .place(
                request.leadId(),
                rulesSlot,
                request.notBefore(),
                controls.sendSwitch().isPaused(request.channel()));
    SenderPace pace = controls.paces().get(request.channel());
    if (pace != null && request.sendKey() != null && !slot.at().isAfter(request.notBefore())) {
      // it may go now: its sender's slot (a send held for later takes one when it comes back)
      Instant reserved = controls.slots().reserve(pace, request.sendKey(), slot.at());
      if (reserved.isAfter(slot.at())) {
        slot = slot.movedTo(reserved, SendSlot.SENDER_CAP);
      }
    }
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

package io.followup.worker;

import io.followup.compliance.LeadSendRules;
import io.followup.compliance.RegionalRules;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.ledger.DeliveryLedger;
import io.followup.domain.unsubscribe.ReplyAddresses;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.provider.ChannelProvider;
import io.followup.workflows.activities.LeadProjectionActivities;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;

/**
 * What the activities need. A provider, or the projection store, may be null when no role of this
 * worker uses it.
 *
 * @param projections stores the state a lead's workflow reaches on its own (workflows role)
 * @param renderer null for the default templates
 * @param voice places calls and leaves voicemails
 * @param sendRules when a due send may go (workflows role); null for the built-in regional rules
 * @param meters where sends, compliance blocks and the due lag are counted ({@code SendMeters});
 *     null measures nothing
 * @param unsubscribeLinks the one-click unsubscribe link of every email (email role); null for none
 * @param complianceCheck the organisation's compliance middleware, asked before each send on its
 *     channels; null for none
 * @param clock what the senders read the time from (a text whose window closed is not handed over);
 *     null for the system's
 * @param sends the send switch and spreads (workflows role); null: never paused, default spreads
 * @param replyAddresses the per-lead reply address of every email (email role); null for none
 */
public record WorkerDependencies(
    DeliveryLedger ledger,
    LeadDirectory leads,
    LeadProjectionActivities projections,
    MessageRenderer renderer,
    ChannelProvider text,
    ChannelProvider voice,
    ChannelProvider email,
    LeadSendRules sendRules,
    MeterRegistry meters,
    UnsubscribeLinks unsubscribeLinks,
    io.followup.worker.check.ComplianceCheck complianceCheck,
    java.time.Clock clock,
    SendControls sends,
    ReplyAddresses replyAddresses) {

  /** Without reply addresses. */
  public WorkerDependencies(
      DeliveryLedger ledger,
      LeadDirectory leads,
      LeadProjectionActivities projections,
      MessageRenderer renderer,
      ChannelProvider text,
      ChannelProvider voice,
      ChannelProvider email,
      LeadSendRules sendRules,
      MeterRegistry meters,
      UnsubscribeLinks unsubscribeLinks,
      io.followup.worker.check.ComplianceCheck complianceCheck,
      java.time.Clock clock,
      SendControls sends) {
    this(
        ledger,
        leads,
        projections,
        renderer,
        text,
        voice,
        email,
        sendRules,
        meters,
        unsubscribeLinks,
        complianceCheck,
        clock,
        sends,
        null);
  }

  public WorkerDependencies {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(leads, "leads");
    renderer = renderer == null ? new MessageRenderer() : renderer;
    sendRules = sendRules == null ? new LeadSendRules(RegionalRules.builtIn()) : sendRules;
    // a composite registry without registries: every meter is a no-op
    meters = meters == null ? new CompositeMeterRegistry() : meters;
    unsubscribeLinks = unsubscribeLinks == null ? UnsubscribeLinks.none() : unsubscribeLinks;
    clock = clock == null ? java.time.Clock.systemUTC() : clock;
    sends = sends == null ? SendControls.NONE : sends;
    replyAddresses = replyAddresses == null ? ReplyAddresses.none() : replyAddresses;
    complianceCheck =
        complianceCheck == null ? io.followup.worker.check.ComplianceCheck.NONE : complianceCheck;
  }

  /** Fails with the role's name when a dependency it needs is missing. */
  void checkFor(WorkerRole role) {
    if (role == WorkerRole.WORKFLOWS) {
      if (projections == null) {
        throw new IllegalArgumentException("role workflows needs a projection store");
      }
      return;
    }
    providerFor(role);
  }

  ChannelProvider providerFor(WorkerRole role) {
    ChannelProvider provider =
        switch (role) {
          case WORKFLOWS -> throw new IllegalArgumentException("the workflows role sends nothing");
          case TEXT -> text;
          case CALL -> voice;
          case EMAIL -> email;
        };
    if (provider == null) {
      throw new IllegalArgumentException("role " + role.wireName() + " needs a provider");
    }
    return provider;
  }
}

package io.followup.app.context;

import io.dropwizard.core.setup.Environment;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.ProviderSettings;
import io.followup.app.temporal.Workers;
import io.followup.compliance.LeadSendRules;
import io.followup.domain.sends.SenderPace;
import io.followup.domain.unsubscribe.ReplyAddresses;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.JdbiLeadDirectory;
import io.followup.store.JdbiLeadProjections;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.store.sends.JdbiSenderSlots;
import io.followup.store.strategies.JdbiStrategyCatalog;
import io.followup.worker.SendControls;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerRole;
import io.followup.worker.WorkerSettings;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.PacedProvider;
import io.followup.workflows.model.Channel;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker roles of {@code worker.roles} ({@code WORKER_ROLES}): their adapters over the store
 * and the providers, and one {@link Workers} registered after the shared infrastructure, so it
 * stops (no more polling, running activities finish) before the Temporal client and the database.
 */
public final class WorkerContext {
  private static final Logger log = LoggerFactory.getLogger(WorkerContext.class);

  private WorkerContext() {}

  /** The workers, registered; null when this process serves no role. */
  public static Workers register(
      FollowUpConfiguration config, Environment environment, Infrastructure shared) {
    if (config.worker.roles == null || config.worker.roles.isBlank()) {
      return null;
    }
    Set<WorkerRole> roles = WorkerRole.parse(config.worker.roles);
    Workers workers =
        new Workers(
            shared.temporal(), settings(config, roles), dependencies(config, shared, roles));
    environment.lifecycle().manage(workers);
    return workers;
  }

  private static WorkerDependencies dependencies(
      FollowUpConfiguration config, Infrastructure shared, Set<WorkerRole> roles) {
    UnsubscribeLinks unsubscribeLinks = unsubscribeLinks(config, shared, roles);
    // texts and calls by TEXT_PROVIDER / CALL_PROVIDER, email by EMAIL_PROVIDER
    var jdbi = shared.jdbi();
    var json = shared.json();
    var clock = shared.clock();
    ProviderSettings.Channels channels =
        config.providers.build(config.conversations.baseUrl(), clock);
    return new WorkerDependencies(
        new JdbiDeliveryLedger(jdbi, json, clock, shared.webhooks()),
        new JdbiLeadDirectory(jdbi, json, clock, shared.webhooks()),
        new JdbiLeadProjections(jdbi, clock),
        config.templates.renderer().withStrategies(new JdbiStrategyCatalog(jdbi, clock)),
        pacedText(config, channels.text()),
        channels.call(),
        emailProvider(config),
        new LeadSendRules(config.followUp.regionalRules()),
        shared.metrics().registry(),
        unsubscribeLinks,
        new io.followup.worker.check.ComplianceCheck(
                config.complianceCheck.build(config.webhooks.secret), shared.metrics().registry())
            .requiringConsentFor(config.complianceCheck.consentRequiredFor()),
        clock,
        new SendControls(
            new JdbiSendSwitch(jdbi),
            config.sends.spread(),
            new JdbiSenderSlots(jdbi),
            config.sends.paces(config.providers.twilio, config.email)),
        replyAddresses(config, shared, roles));
  }

  /** IMAP_REPLY_ADDRESS: every follow-up email's Reply-To is the lead's address at it. */
  private static ReplyAddresses replyAddresses(
      FollowUpConfiguration config, Infrastructure shared, Set<WorkerRole> roles) {
    if (!config.imap.hasReplyAddress()) {
      return ReplyAddresses.none();
    }
    if (roles.contains(WorkerRole.EMAIL)) {
      log.info("emails carry a per-lead reply address (IMAP_REPLY_ADDRESS)");
    }
    return new ReplyAddresses(
        config.imap.replyAddress.strip(), shared.unsubscribeTokens().replyTokens());
  }

  private static UnsubscribeLinks unsubscribeLinks(
      FollowUpConfiguration config, Infrastructure shared, Set<WorkerRole> roles) {
    if (!config.conversations.baseUrl().isEmpty()) {
      return new UnsubscribeLinks(config.conversations.baseUrl(), shared.unsubscribeTokens());
    }
    if (roles.contains(WorkerRole.EMAIL)) {
      log.warn(
          "PUBLIC_BASE_URL is not set: emails go without List-Unsubscribe headers (no one-click"
              + " unsubscribe link); set it to the address mail clients reach the API at");
    }
    return UnsubscribeLinks.none();
  }

  /** EMAIL_PROVIDER: logging (the default) or smtp. */
  private static ChannelProvider emailProvider(FollowUpConfiguration config) {
    ChannelProvider provider = config.email.build();
    log.info("email provider: {}", config.email.describe());
    return provider;
  }

  private static WorkerSettings settings(FollowUpConfiguration config, Set<WorkerRole> roles) {
    WorkerSettings settings = WorkerSettings.of(roles);
    if (config.worker.maxActivitiesPerSecond > 0) {
      for (WorkerRole role : roles) {
        if (role != WorkerRole.WORKFLOWS) {
          settings = settings.withRateLimit(role, config.worker.maxActivitiesPerSecond);
        }
      }
    }
    if (config.sends.callMaxConcurrent > 0 && roles.contains(WorkerRole.CALL)) {
      settings = settings.withMaxConcurrent(WorkerRole.CALL, config.sends.callMaxConcurrent);
    }
    return settings;
  }

  /** Texts from one number at most TEXT_MAX_PER_SECOND_PER_NUMBER a second from this process. */
  private static ChannelProvider pacedText(FollowUpConfiguration config, ChannelProvider text) {
    SenderPace pace = config.sends.paces(config.providers.twilio, config.email).get(Channel.TEXT);
    return pace == null || text == null ? text : new PacedProvider(text, pace.spacing());
  }
}

package io.followup.app.context;

import io.dropwizard.core.setup.Environment;
import io.followup.api.http.ApiKeyFilter;
import io.followup.api.http.RequestAdmission;
import io.followup.api.http.TwilioSignature;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.cli.EmbeddedCommand;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import io.followup.app.temporal.Workers;
import io.followup.app.temporal.WorkflowRecovery;
import io.followup.store.LeadDao;
import java.time.Duration;
import java.util.List;

/**
 * The in-memory Temporal service's part ({@code temporal.embedded}): it starts empty, so the
 * workflows are re-created from the store ({@link WorkflowRecovery}, a pass that could not do them
 * all is retried), and it is replaced now and then ({@link EmbeddedTemporalRebuild}). Both are
 * registered after the workers, so they stop before them.
 */
public final class EmbeddedContext {
  private EmbeddedContext() {}

  /** The rebuild, registered; null unless the embedded bound is on. */
  public static EmbeddedTemporalRebuild register(
      FollowUpConfiguration config,
      Environment environment,
      Infrastructure shared,
      Workers workers,
      List<String> apiKeys) {
    WorkflowRecovery recovery =
        new WorkflowRecovery(
            client ->
                EmbeddedCommand.recreateWorkflows(
                    shared.jdbi(),
                    client,
                    shared.gateway().options(),
                    // a pass on a service since replaced stops: the replacement runs its own
                    () -> shared.temporal().client() != client),
            shared.temporal()::client,
            config.embedded.enabled,
            Duration.ofSeconds(5),
            () -> shared.jdbi().withExtension(LeadDao.class, LeadDao::countStored),
            config.embedded.maxLeads);
    environment.lifecycle().manage(recovery);
    return EmbeddedTemporalRebuild.register(
        environment,
        shared.temporal(),
        config.temporal,
        shared.metrics().temporalScope(),
        workers,
        recovery,
        // the gate asks the routes' own checks before a request takes a pass
        new RequestAdmission(
            new ApiKeyFilter(apiKeys),
            new TwilioSignature(config.providers.twilio.authToken, config.conversations.baseUrl()),
            shared.unsubscribeTokens()),
        config.api.maxBodyBytes);
  }
}

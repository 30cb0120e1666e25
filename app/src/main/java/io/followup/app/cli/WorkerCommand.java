package io.followup.app.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.followup.app.FollowUpConfiguration;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code worker config.yml}: a channel or workflow fleet member. Serves only the roles in {@code
 * WORKER_ROLES} (all of them when unset) and the admin port (health); no HTTP API.
 */
public final class WorkerCommand extends ServeCommand {
  public WorkerCommand(Application<FollowUpConfiguration> application) {
    super(application, "worker", "Runs worker roles (WORKER_ROLES: workflows,text,call,email)");
  }

  @Override
  protected void run(
      Bootstrap<FollowUpConfiguration> bootstrap,
      Namespace namespace,
      FollowUpConfiguration configuration)
      throws Exception {
    configuration.api.enabled = false;
    if (configuration.worker.roles == null || configuration.worker.roles.isBlank()) {
      configuration.worker.roles = "workflows,text,call,email";
    }
    super.run(bootstrap, namespace, configuration);
  }
}

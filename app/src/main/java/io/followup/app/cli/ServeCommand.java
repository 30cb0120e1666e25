package io.followup.app.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.followup.app.FollowUpConfiguration;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code server [file]}: Dropwizard's, except that settings breaking a rule stop it with a line per
 * problem instead of a stack trace. The {@code worker} and {@code embedded} commands are this too.
 */
public class ServeCommand extends ServerCommand<FollowUpConfiguration> {
  public ServeCommand(Application<FollowUpConfiguration> application) {
    super(application);
  }

  protected ServeCommand(
      Application<FollowUpConfiguration> application, String name, String description) {
    super(application, name, description);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (!InvalidSettings.print(cli, e)) {
      super.onError(cli, namespace, e);
    }
  }
}

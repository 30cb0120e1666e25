package io.followup.app.cli;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.core.cli.Cli;

/**
 * Settings that break a rule stop a command before it runs. The command line prints an exception's
 * stack trace; for these, the message alone: one line per problem, each naming its variable.
 */
final class InvalidSettings {
  private InvalidSettings() {}

  /** Whether {@code error} was a configuration's violations, now printed. */
  static boolean print(Cli cli, Throwable error) {
    if (error instanceof ConfigurationValidationException) {
      cli.getStdErr().println(error.getMessage());
      return true;
    }
    return false;
  }
}

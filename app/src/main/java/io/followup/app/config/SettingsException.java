package io.followup.app.config;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Settings that break a rule stop the start. The command line prints an exception's stack trace;
 * this one prints its message alone: one clear line per problem, each naming its variable.
 */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message, null, false, false);
  }

  @Override
  public void printStackTrace(PrintStream stream) {
    stream.println(getMessage());
  }

  @Override
  public void printStackTrace(PrintWriter writer) {
    writer.println(getMessage());
  }
}

package io.followup.app.cli;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import java.util.function.UnaryOperator;

/**
 * Dropwizard's {@code ${VAR:-default}} substitution, with a variable set to the empty string read
 * as unset: its default applies. Compose passes {@code VAR: ${VAR:-}} (or a {@code VAR=} line in an
 * .env file) as an empty value, and {@code maxSize: ${DATABASE_POOL_SIZE:-16}} must then still be
 * 16, not an empty value that stops the start.
 */
public final class EnvironmentSubstitutor extends EnvironmentVariableSubstitutor {
  public EnvironmentSubstitutor() {
    this(System::getenv);
  }

  /** {@code environment}: a variable's value, or null when it is not set. */
  public EnvironmentSubstitutor(UnaryOperator<String> environment) {
    super(false);
    setVariableResolver(
        name -> {
          String value = environment.apply(name);
          return value == null || value.isEmpty() ? null : value;
        });
  }
}

package io.followup.app.config;

import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;

/**
 * The rules a settings block breaks, as Dropwizard's validation of the configuration finds them.
 */
final class Violations {
  private static final Validator VALIDATOR = Validators.newValidator();

  private Violations() {}

  /** Each violation's message (the variable and its rule), in alphabetical order. */
  static List<String> of(Object settings) {
    return VALIDATOR.validate(settings).stream()
        .map(ConstraintViolation::getMessage)
        .sorted()
        .toList();
  }
}

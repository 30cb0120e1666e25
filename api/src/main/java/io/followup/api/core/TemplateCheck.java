package io.followup.api.core;

import io.followup.workflows.model.Channel;
import java.util.Optional;

/**
 * Compiles a strategy's template as the worker will (the application supplies the worker's Mustache
 * compiler; the API module does not depend on the worker).
 */
@FunctionalInterface
public interface TemplateCheck {

  /**
   * @param subject the email subject template; null for other channels
   * @return what is wrong, in plain words (the field is named by the caller); empty when both
   *     compile
   */
  Optional<Problem> problem(Channel channel, String template, String subject);

  /**
   * @param field {@code template} or {@code subject}
   */
  record Problem(String field, String rule) {}
}

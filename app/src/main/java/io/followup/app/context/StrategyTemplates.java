package io.followup.app.context;

import io.followup.api.core.TemplateCheck;
import io.followup.worker.message.MessageTemplate;
import io.followup.worker.message.TemplateException;
import io.followup.workflows.model.Channel;
import java.util.Optional;

/**
 * The API's template check, with the worker's Mustache compiler: a strategy's template is stored
 * only if the worker can render it.
 */
public final class StrategyTemplates implements TemplateCheck {
  private static final String DOES_NOT_COMPILE = "does not compile: ";
  private static final String NESTS = "it nests sections ";

  @Override
  public Optional<Problem> problem(Channel channel, String template, String subject) {
    Optional<Problem> body = compile("template", template);
    if (body.isPresent() || subject == null) {
      return body;
    }
    return compile("subject", subject);
  }

  private static Optional<Problem> compile(String field, String source) {
    try {
      MessageTemplate.plain(field, source);
      return Optional.empty();
    } catch (TemplateException e) {
      String message = e.getMessage();
      int at = message.indexOf(DOES_NOT_COMPILE);
      String why = at < 0 ? message : message.substring(at + DOES_NOT_COMPILE.length());
      return Optional.of(
          new Problem(
              field,
              why.startsWith(NESTS)
                  ? why.substring("it ".length())
                  : "is not a valid Mustache template: " + why));
    }
  }
}

package io.followup.worker.message;

import io.followup.worker.lead.Lead;
import io.followup.workflows.model.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a lead's message from compiled Mustache templates ({@link Templates}, {@link
 * MessageTemplate}). Variables: {@code id}, {@code firstName}, {@code lastName}, {@code email},
 * {@code phone}, {@code timezone} and {@code additionalInfo} (nested: {@code
 * {{additionalInfo.company}}}); a missing one renders empty. Deterministic: the same lead and
 * template give the same message, so a resumed attempt records what the first one sent.
 */
public final class MessageRenderer {
  private final Templates templates;

  public MessageRenderer() {
    this(Templates.defaults());
  }

  public MessageRenderer(Templates templates) {
    this.templates = templates;
  }

  /**
   * @param strategyIds null for the channel's default template; otherwise the strategy chosen is
   *     recorded. There is no strategy catalogue yet: the first id (or "auto") is recorded and the
   *     default template is rendered. Picking among active strategies, and learning from replies,
   *     comes with the catalogue, which renders a strategy's own template through {@link
   *     #render(Lead, MessageTemplate, String)}.
   */
  public RenderedMessage render(Lead lead, Channel channel, List<String> strategyIds) {
    String strategyId = strategyIds == null || strategyIds.isEmpty() ? null : strategyIds.get(0);
    return render(lead, templates.forChannel(channel), strategyId);
  }

  /** Renders a given template (compile it once, with {@link MessageTemplate#plain} or email). */
  public RenderedMessage render(Lead lead, MessageTemplate template, String strategyId) {
    return template.render(variables(lead), strategyId);
  }

  static Map<String, Object> variables(Lead lead) {
    // null values stay: they render empty, as a missing key does
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("id", lead.id());
    variables.put("firstName", lead.firstName());
    variables.put("lastName", lead.lastName());
    variables.put("email", lead.email());
    variables.put("phone", lead.phone());
    variables.put("timezone", lead.timezone());
    variables.put("additionalInfo", lead.additionalInfo());
    return variables;
  }
}

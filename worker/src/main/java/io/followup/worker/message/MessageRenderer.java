package io.followup.worker.message;

import io.followup.domain.lead.Lead;
import io.followup.domain.strategy.StrategyCatalog;
import io.followup.worker.strategy.StrategyPicker;
import io.followup.workflows.model.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a lead's message from compiled Mustache templates ({@link Templates}, {@link
 * MessageTemplate}). Variables: {@code id}, {@code firstName}, {@code lastName}, {@code email},
 * {@code phone}, {@code timezone} and {@code additionalInfo} (nested: {@code
 * {{additionalInfo.company}}}); a missing one renders empty. Deterministic: the same lead and
 * template give the same message, so a resumed attempt records what the first one sent.
 */
public final class MessageRenderer {
  private final Templates templates;
  private final StrategyPicker strategies;

  public MessageRenderer() {
    this(Templates.defaults());
  }

  /** Without a strategy catalogue: every send uses its channel's default template. */
  public MessageRenderer(Templates templates) {
    this(templates, StrategyCatalog.NONE);
  }

  public MessageRenderer(Templates templates, StrategyCatalog strategies) {
    this.templates = Objects.requireNonNull(templates, "templates");
    this.strategies = new StrategyPicker(strategies);
  }

  /** The same default templates, with strategies picked from {@code catalog}. */
  public MessageRenderer withStrategies(StrategyCatalog catalog) {
    return new MessageRenderer(templates, catalog);
  }

  /** The channel's default template. */
  public RenderedMessage render(Lead lead, Channel channel) {
    return render(lead, templates.forChannel(channel), null, RenderLimits.of(channel));
  }

  /**
   * One send's message: the strategy picked for it ({@link StrategyPicker}: kept under {@code
   * idempotencyKey}, so every attempt of the send renders the same strategy) or, without one, the
   * channel's default template. A call's voicemail ({@code VOICEMAIL}) takes the call's strategy.
   *
   * @param strategyIds the step's ids ("auto" or a list); null for the default template
   * @throws RenderLimitException past the channel's {@link RenderLimits}
   * @throws TemplateException when a stored strategy's template no longer compiles (stored before a
   *     limit it breaks)
   */
  public RenderedMessage render(
      Lead lead, Channel channel, List<String> strategyIds, String idempotencyKey) {
    return strategies
        .choose(idempotencyKey, channel, strategyIds)
        .map(
            choice ->
                render(lead, choice.template(), choice.strategy().id(), RenderLimits.of(channel)))
        .orElseGet(() -> render(lead, channel));
  }

  /** Renders a given template (compile it once, with {@link MessageTemplate#plain} or email). */
  public RenderedMessage render(
      Lead lead, MessageTemplate template, String strategyId, RenderLimits limits) {
    return template.render(variables(lead), strategyId, limits);
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

package io.followup.worker.message;

import io.followup.worker.lead.Lead;
import io.followup.workflows.model.Channel;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a channel's message for a lead from {@link Templates}. */
public final class MessageRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)}");
  private static final String ADDITIONAL_INFO = "additionalInfo.";

  private final Templates templates;

  public MessageRenderer() {
    this(Templates.DEFAULTS);
  }

  public MessageRenderer(Templates templates) {
    this.templates = templates;
  }

  /**
   * @param strategyIds null for the channel's default template; otherwise the strategy chosen is
   *     recorded. There is no strategy catalogue yet: the first id (or "auto") is recorded and the
   *     default template is rendered. Picking among active strategies, and learning from replies,
   *     comes with the catalogue.
   */
  public RenderedMessage render(Lead lead, Channel channel, List<String> strategyIds) {
    String strategyId = strategyIds == null || strategyIds.isEmpty() ? null : strategyIds.get(0);
    return switch (channel) {
      case TEXT -> new RenderedMessage(null, fill(templates.text(), lead), strategyId);
      case CALL -> new RenderedMessage(null, fill(templates.callScript(), lead), strategyId);
      case VOICEMAIL -> new RenderedMessage(null, fill(templates.voicemail(), lead), strategyId);
      case EMAIL ->
          new RenderedMessage(
              fill(templates.emailSubject(), lead), fill(templates.emailBody(), lead), strategyId);
    };
  }

  static String fill(String template, Lead lead) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), lead)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(String name, Lead lead) {
    Object value =
        switch (name) {
          case "id" -> lead.id();
          case "firstName" -> lead.firstName();
          case "lastName" -> lead.lastName();
          case "phone" -> lead.phone();
          case "email" -> lead.email();
          case "timezone" -> lead.timezone();
          default ->
              name.startsWith(ADDITIONAL_INFO)
                  ? path(lead.additionalInfo(), name.substring(ADDITIONAL_INFO.length()))
                  : null;
        };
    return value == null ? "" : String.valueOf(value);
  }

  private static Object path(Map<String, Object> info, String path) {
    Object current = info;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }
}

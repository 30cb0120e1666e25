package io.followup.api.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A strategy as {@code GET /v1/strategies[/{id}]} shows it, with its results.
 *
 * @param subject email only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrategyView(
    String id,
    String name,
    String channel,
    String template,
    String subject,
    boolean active,
    String createdAt,
    String updatedAt,
    Results results) {

  /**
   * Sends that reached the provider, the sends a reply was credited to (a reply within
   * REPLY_ATTRIBUTION_HOURS of a send credits that send's strategy), and their ratio.
   *
   * @param steps per follow-up step ("1", "2", ...); null inside a step
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Results(long sends, long replies, double replyRate, Map<String, Results> steps) {}
}

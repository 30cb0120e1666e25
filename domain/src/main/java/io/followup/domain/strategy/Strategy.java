package io.followup.domain.strategy;

import io.followup.workflows.model.Channel;
import java.util.Objects;

/**
 * A stored message recipe of the strategy catalogue.
 *
 * @param channel {@code TEXT}, {@code CALL} (its template is the call script, and the voicemail
 *     left when a machine answers) or {@code EMAIL}
 * @param subject the email subject template; null for the other channels
 */
public record Strategy(
    String id, String name, Channel channel, String template, String subject, boolean active) {
  public Strategy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(template, "template");
  }
}

package io.followup.worker.message;

/**
 * A message ready to send.
 *
 * @param subject the email subject; null for other channels
 * @param strategyId the strategy the message came from; null for the channel's default template
 */
public record RenderedMessage(String subject, String body, String strategyId) {

  /** What the ledger and the lead's events show as the send's content. */
  public String content() {
    return subject == null ? body : subject + "\n\n" + body;
  }
}

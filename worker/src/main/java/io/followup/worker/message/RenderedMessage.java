package io.followup.worker.message;

/**
 * A message ready to send.
 *
 * @param subject the email subject; null for other channels
 * @param body the text, call script, voicemail or plain text email body
 * @param html the email's HTML body; null when its template has none (and for other channels)
 * @param strategyId the strategy the message came from; null for the channel's default template
 */
public record RenderedMessage(String subject, String body, String html, String strategyId) {}

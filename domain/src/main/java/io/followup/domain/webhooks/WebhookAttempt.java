package io.followup.domain.webhooks;

import java.time.Instant;

/**
 * One attempt to deliver a webhook, as the delivery log shows it.
 *
 * @param at when the request started
 * @param statusCode the receiver's answer; null when none came (no connection, a timeout)
 * @param latencyMs from the request's start to its answer or failure
 * @param error why no answer came (the exception's class name); null when one did
 */
public record WebhookAttempt(Instant at, Integer statusCode, long latencyMs, String error) {

  public boolean succeeded() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /** What the outbox's {@code last_error} keeps: the status or the error. */
  public String summary() {
    return statusCode != null ? "HTTP " + statusCode : error;
  }
}

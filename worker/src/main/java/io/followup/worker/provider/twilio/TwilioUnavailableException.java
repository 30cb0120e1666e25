package io.followup.worker.provider.twilio;

import com.twilio.exception.ApiException;
import java.time.Duration;

/**
 * Twilio answered 429 or 5xx: it took nothing (429) or may not have (5xx), and asks to be tried
 * again, after {@link #retryAfter()} when it said so.
 */
final class TwilioUnavailableException extends ApiException {
  private final int status;
  private final Duration retryAfter;

  TwilioUnavailableException(int status, Duration retryAfter) {
    super("Twilio answered HTTP " + status, status);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  int status() {
    return status;
  }

  /** Null when Twilio sent no (readable) Retry-After. */
  Duration retryAfter() {
    return retryAfter;
  }
}

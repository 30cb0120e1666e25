package io.followup.api.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * A request that failed because of its client, not of us: the connection closed before the body
 * ended, or Jetty cut a body that came too slowly ({@code HTTP_MIN_REQUEST_RATE}) or was malformed.
 * Answered with its status and a plain message, logged at DEBUG without a stack trace (an
 * unauthenticated caller could otherwise fill the log with them).
 */
public record ClientFault(int status, String message) {

  public static Optional<ClientFault> of(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof EofException || cause instanceof java.io.EOFException) {
        return Optional.of(
            new ClientFault(400, "body: the connection closed before the body ended"));
      }
      if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        return Optional.of(
            new ClientFault(
                http.getCode(),
                http.getCode() == 408
                    ? "body: arrived too slowly (see HTTP_MIN_REQUEST_RATE and HTTP_IDLE_TIMEOUT)"
                    : "request: " + http.getReason()));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}

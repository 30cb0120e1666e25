package io.followup.api.webhooks;

import java.time.Duration;

/**
 * How the dispatcher delivers.
 *
 * @param pollEvery how often each URL's lane looks for due rows when it found none
 * @param batch rows a lane claims at once
 * @param concurrency requests in flight to one URL at most (a slow receiver holds only its lane)
 * @param connectTimeout to open a connection to the receiver
 * @param requestTimeout the deadline of one attempt, from its start: connect, the answer's headers
 *     and its body
 * @param firstRetry the delay after the first failure; doubled after each (with jitter)
 * @param maxRetry the longest delay between two attempts
 * @param retryFor how long a failing event is retried, from the event; then it is dead
 */
public record DispatchSettings(
    Duration pollEvery,
    int batch,
    int concurrency,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration firstRetry,
    Duration maxRetry,
    Duration retryFor) {

  public DispatchSettings {
    if (batch < 1 || concurrency < 1) {
      throw new IllegalArgumentException("batch and concurrency must be at least 1");
    }
  }

  /** Production: polls every second, retries from 10 s up to an hour apart for 25 hours. */
  public static DispatchSettings defaults() {
    return new DispatchSettings(
        Duration.ofSeconds(1),
        50,
        4,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofHours(1),
        Duration.ofHours(25));
  }

  /** A claim's lease: longer than any attempt can take, so only a dead process lets one lapse. */
  public Duration lease() {
    return connectTimeout.plus(requestTimeout).multipliedBy(2).plusSeconds(30);
  }

  public DispatchSettings withRetries(Duration first, Duration max, Duration period) {
    return new DispatchSettings(
        pollEvery, batch, concurrency, connectTimeout, requestTimeout, first, max, period);
  }

  public DispatchSettings withPollEvery(Duration every) {
    return new DispatchSettings(
        every, batch, concurrency, connectTimeout, requestTimeout, firstRetry, maxRetry, retryFor);
  }

  public DispatchSettings withTimeouts(Duration connect, Duration request) {
    return new DispatchSettings(
        pollEvery, batch, concurrency, connect, request, firstRetry, maxRetry, retryFor);
  }
}

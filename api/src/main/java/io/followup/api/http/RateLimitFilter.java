package io.followup.api.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Requests per API key: a token bucket per key (Bucket4j, in this process: the limit holds per API
 * node) that holds {@code burst} requests and refills {@code perSecond} a second. Past it: 429
 * {@code {"message": ...}} with {@code Retry-After} in whole seconds, rounded up. The buckets are
 * made once, one per configured key, keyed by the key's SHA-256; a request whose key is not one of
 * them takes no bucket and allocates nothing that outlives it (on the key-less routes, where {@link
 * ApiKeyFilter} lets any key through, a flood of random keys once grew the heap by ~480 bytes a
 * key). The key is never logged.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 2)
public final class RateLimitFilter implements ContainerRequestFilter {
  private final long perSecond;
  private final long burst;
  private final TimeMeter time;
  private final Map<String, Bucket> buckets;

  /**
   * @param keys the configured API keys: the only ones that get a bucket
   * @param perSecond tokens added a second (greedily, spread over the second)
   * @param burst the bucket's size: requests a key may send at once
   * @param nanoTime the clock (System::nanoTime; tests pass their own)
   */
  public RateLimitFilter(List<String> keys, long perSecond, long burst, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("perSecond and burst must be positive");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.buckets =
        keys.stream()
            .map(key -> HexFormat.of().formatHex(ApiKeyFilter.digest(key)))
            .distinct()
            .collect(Collectors.toUnmodifiableMap(digest -> digest, digest -> bucket()));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String key = request.getHeaderString(ApiKeyFilter.HEADER);
    if (key == null || key.isEmpty()) {
      // a public path (ApiKeyFilter refused every other request without a key)
      return;
    }
    Bucket bucket = buckets.get(HexFormat.of().formatHex(ApiKeyFilter.digest(key)));
    if (bucket == null) {
      // not a configured key: ApiKeyFilter refused it unless the path needs no key
      return;
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
      if (Duration.ofSeconds(seconds).toNanos() < probe.getNanosToWaitForRefill()) {
        seconds++;
      }
      request.abortWith(
          Response.fromResponse(
                  ErrorMappers.respond(
                      429,
                      "Too many requests for this API key (at most "
                          + perSecond
                          + " a second, bursts of "
                          + burst
                          + "); retry after "
                          + seconds
                          + " s."))
              .header("Retry-After", Long.toString(seconds))
              .build());
    }
  }

  /** How many buckets exist: one per configured key, whatever was sent. */
  int bucketCount() {
    return buckets.size();
  }

  private Bucket bucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1))
                .build())
        .withCustomTimePrecision(time)
        .build();
  }
}

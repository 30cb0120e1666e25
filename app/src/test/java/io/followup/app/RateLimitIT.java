package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.store.support.TestDatabases;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate limits per API key, through HTTP, on a clock the test moves: a key past its bucket gets 429
 * with {@code Retry-After} (whole seconds, rounded up), another key is not affected, and once the
 * bucket refilled the key gets 200 again. A flood of random keys on the key-less routes grows no
 * bucket map (the live heap, measured after a full collection, grows by less than 1 MB per 10,000
 * requests).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitIT {
  private static final String DB = TestDatabases.create();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final AtomicLong NANOS = new AtomicLong(1_000_000_000L);

  /** The application on the test's clock. */
  public static class OnTestClock extends FollowUpApplication {
    @Override
    protected LongSupplier rateLimitClock() {
      return NANOS::get;
    }
  }

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          OnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          // one request every 2.5 s, bursts of 3
          ConfigOverride.config("api.rateLimitPerSecond", "1"),
          ConfigOverride.config("api.rateLimitBurst", "3"));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static void advance(Duration by) {
    NANOS.addAndGet(by.toNanos());
  }

  @Test
  void pastTheBurstA429WithRetryAfterThen200AfterIt() {
    Http first = new Http(APP.getLocalPort(), "test-key-1");
    for (int i = 0; i < 3; i++) {
      assertThat(first.get("/v1/leads").status()).isEqualTo(200);
    }
    Reply limited = first.get("/v1/leads");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(limited.message()).startsWith("Too many requests for this API key");
    assertThat(limited.raw().body()).doesNotContain("test-key-1");

    // another key has its own bucket; the document needs no key and is not limited
    Http second = new Http(APP.getLocalPort(), "test-key-2");
    assertThat(second.get("/v1/leads").status()).isEqualTo(200);
    assertThat(new Http(APP.getLocalPort(), null).get("/v1/openapi.json").status()).isEqualTo(200);

    // 0.4 s later the bucket still lacks most of a token: Retry-After rounds 0.6 s up to 1
    advance(Duration.ofMillis(400));
    Reply stillLimited = first.get("/v1/leads");
    assertThat(stillLimited.status()).isEqualTo(429);
    assertThat(stillLimited.raw().headers().firstValue("Retry-After")).contains("1");

    advance(Duration.ofMillis(600));
    assertThat(first.get("/v1/leads").status()).isEqualTo(200);
    assertThat(first.get("/v1/leads").status()).isEqualTo(429);
  }

  /**
   * 10,000 requests, each with a new random key, on the routes that need none: before the fix every
   * one left a bucket behind (~480 bytes, 4.8 MB in all).
   */
  @Test
  void aFloodOfRandomKeysGrowsNoBuckets() {
    Http http = new Http(APP.getLocalPort(), null);
    // warm up: the routes, the client's connection, Jersey's caches
    flood(http, 1_000);
    long before = liveHeap();
    int requests = 10_000;
    flood(http, requests);
    long grown = liveHeap() - before;
    long per10k = grown * 10_000 / requests;
    System.out.printf("random-key flood: live heap %+d bytes per 10,000 requests%n", per10k);
    assertThat(per10k).isLessThan(1_000_000);
  }

  private static void flood(Http http, int requests) {
    String[] paths = {"/v1/openapi.json", "/v1/unsubscribe/not-a-token", "/v1/webhooks/twilio/x"};
    for (int i = 0; i < requests; i++) {
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      HttpRequest request =
          http.request(paths[i % paths.length], HexFormat.of().formatHex(key))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .build();
      try {
        HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isLessThan(500);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static long liveHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}

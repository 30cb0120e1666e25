package io.followup.app.bench;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.followup.app.FollowUpApplication;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.support.Http;
import io.followup.store.support.TestDatabases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Latency and throughput of the create and update paths through HTTP (row lock + update-with-start
 * + projection write) on PostgreSQL and the in-memory Temporal service, every worker role in the
 * same JVM. Not part of the suite; run it with {@code mvn -pl app -am verify -Dbench=true
 * -Dtest=UpdatePathBenchmark -Dsurefire.failIfNoSpecifiedTests=false} and record the output in
 * docs/BENCHMARKS.md. Sizes: {@code -Dbench.leads=200 -Dbench.patches=2000 -Dbench.threads=16
 * -Dbench.pool=16}; each run also prints the pool's mean and peak connections in use and, by
 * Little's law, how long a request holds one.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class UpdatePathBenchmark {
  private static final int LEADS = Integer.getInteger("bench.leads", 200);
  private static final int PATCHES = Integer.getInteger("bench.patches", 2000);
  private static final int THREADS = Integer.getInteger("bench.threads", 16);
  private static final int POOL = Integer.getInteger("bench.pool", Math.max(THREADS, 8));
  private static final String CONFIG =
      "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":48,\"channel\":\"call\",\"voicemailEnabled\":true},\"3\":{\"hours\":72,\"channel\":\"email\"}}";

  @Test
  void createAndUpdate() throws Exception {
    String db = TestDatabases.create();
    DropwizardTestSupport<FollowUpConfiguration> app =
        new DropwizardTestSupport<>(
            FollowUpApplication.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            ConfigOverride.config("database.url", TestDatabases.url(db)),
            ConfigOverride.config("database.maxSize", Integer.toString(POOL)),
            // a pool under the file's minimum (-Dbench.pool=4) must still validate
            ConfigOverride.config("database.minSize", "1"),
            ConfigOverride.config("database.initialSize", "1"));
    app.before();
    try {
      Http http = new Http(app.getLocalPort());
      pool = activeConnections(app);
      warmUp(http);
      String[] ids = new String[LEADS];
      long[] create =
          run(
              LEADS,
              i -> {
                var reply =
                    http.post(
                        "/v1/leads/create",
                        lead("+1555" + String.format("%07d", 1_000_000 + i), CONFIG));
                assertThat(reply.status()).isEqualTo(200);
                ids[i] = reply.body().get("id").asText();
              });
      report("create", create);
      long[] patch =
          run(
              PATCHES,
              i -> {
                String id = ids[ThreadLocalRandom.current().nextInt(LEADS)];
                var reply =
                    http.patch(
                        "/v1/leads/" + id,
                        "{\"followUpStep\":"
                            + (1 + i % 3)
                            + ",\"additionalInfo\":{\"n\":"
                            + i
                            + "}}");
                assertThat(reply.status()).isEqualTo(200);
              });
      report("patch step+info", patch);
      long[] profile =
          run(
              PATCHES,
              i -> {
                String id = ids[ThreadLocalRandom.current().nextInt(LEADS)];
                assertThat(
                        http.patch("/v1/leads/" + id, "{\"additionalInfo\":{\"m\":" + i + "}}")
                            .status())
                    .isEqualTo(200);
              });
      report("patch info only (no Temporal call)", profile);
      long[] get =
          run(
              PATCHES,
              i -> {
                assertThat(http.get("/v1/leads/" + ids[i % LEADS]).status()).isEqualTo(200);
              });
      report("get", get);
    } finally {
      app.after();
      TestDatabases.drop(db);
    }
  }

  private static void warmUp(Http http) throws Exception {
    run(
        50,
        i ->
            http.post(
                "/v1/leads/create", lead("+1444" + String.format("%07d", 1_000_000 + i), CONFIG)));
  }

  /** The pool's checked-out connections (Dropwizard's {@code ManagedPooledDataSource} gauge). */
  private static Gauge<?> pool;

  private static Gauge<?> activeConnections(DropwizardTestSupport<FollowUpConfiguration> app) {
    return app.getEnvironment().metrics().getGauges().entrySet().stream()
        .filter(
            e -> e.getKey().contains("ManagedPooledDataSource") && e.getKey().endsWith(".active"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no pool gauge"));
  }

  /** Samples of {@link #pool} every 0.5 ms while a run lasts: their sum and count. */
  private static final long[] occupancy = new long[3];

  interface Call {
    void run(int i) throws Exception;
  }

  /**
   * Runs {@code count} calls on {@code THREADS} threads; returns each call's latency in µs, then
   * the wall time last.
   */
  private static long[] run(int count, Call call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    long[] latencies = new long[count + 1];
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    Arrays.fill(occupancy, 0);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                long active = ((Number) pool.getValue()).longValue();
                occupancy[0] += active;
                occupancy[1]++;
                occupancy[2] = Math.max(occupancy[2], active);
                LockSupport.parkNanos(500_000);
              }
            });
    sampler.start();
    for (int i = 0; i < count; i++) {
      int n = i;
      futures.add(
          threads.submit(
              () -> {
                long t0 = System.nanoTime();
                call.run(n);
                latencies[n] = (System.nanoTime() - t0) / 1_000;
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    latencies[count] = (System.nanoTime() - start) / 1_000;
    running.set(false);
    sampler.join();
    threads.shutdown();
    return latencies;
  }

  private static void report(String name, long[] latencies) {
    int n = latencies.length - 1;
    long wallMicros = latencies[n];
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    IntFunction<String> pct =
        p ->
            String.format(
                "%.1f", sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000.0);
    System.out.printf(
        "BENCH %-36s n=%d threads=%d  %.0f req/s  p50=%s ms  p95=%s ms  p99=%s ms  max=%.1f ms%n",
        name,
        n,
        THREADS,
        n / (wallMicros / 1e6),
        pct.apply(50),
        pct.apply(95),
        pct.apply(99),
        sorted[n - 1] / 1000.0);
    // Little's law: connections in use on average = throughput x how long each request holds one
    double meanActive = occupancy[1] == 0 ? 0 : (double) occupancy[0] / occupancy[1];
    System.out.printf(
        "BENCH %-36s pool: mean in use %.2f, max %d, hold per request %.2f ms%n",
        name, meanActive, occupancy[2], meanActive / (n / (wallMicros / 1e6)) * 1000);
  }
}

package io.followup.app.bench;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.tasks.PostBodyTask;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.temporal.client.WorkflowClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;

/**
 * The benchmark's bounds, registered only with {@code BENCH_ENDPOINTS=true} (scripts/bench): what
 * the parts under a product path allow, measured against the same server, pool and worker.
 *
 * <ul>
 *   <li>{@code GET /v1/bench/ping}: a bare route behind the same filters (key check, rate limit,
 *       metrics) as the lead routes, answering a constant;
 *   <li>admin task {@code bench-row}: a locked row update on the application's pool in plain JDBC
 *       ({@code SELECT id ... FOR UPDATE}, one {@code UPDATE}, commit);
 *   <li>admin task {@code bench-update}: a Workflow Update changing the step of a running lead
 *       workflow (the PATCH's Temporal call, without update-with-start), on the same client.
 * </ul>
 *
 * Both tasks take the lead ids in the body (one a line) and {@code threads}, {@code seconds} as
 * parameters, run that many threads in this process for that long and print {@code ops seconds
 * perSecond p50Ms p99Ms errors}.
 */
public final class BenchEndpoints {
  private BenchEndpoints() {}

  public static void register(
      Environment environment, Jdbi jdbi, Supplier<WorkflowClient> client, FollowUpOptions opts) {
    environment.jersey().register(new Ping());
    environment.admin().addTask(new RowTask(jdbi));
    environment.admin().addTask(new UpdateTask(client, opts));
  }

  @Path("/v1/bench")
  public static final class Ping {
    @GET
    @Path("ping")
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
      return "{\"ok\":true}";
    }
  }

  /** One operation on the lead {@code id} by thread {@code thread}. */
  interface Operation {
    void run(String id, int thread, long n) throws Exception;
  }

  abstract static class TimedTask extends PostBodyTask {
    TimedTask(String name) {
      super(name);
    }

    abstract Operation operation();

    @Override
    public void execute(Map<String, List<String>> parameters, String body, PrintWriter output)
        throws Exception {
      int threads = Integer.parseInt(first(parameters, "threads", "16"));
      double seconds = Double.parseDouble(first(parameters, "seconds", "10"));
      List<String> ids = body.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
      if (ids.size() < threads) {
        throw new IllegalArgumentException("give at least one lead id per thread");
      }
      Operation operation = operation();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      List<long[]> latencies = new ArrayList<>();
      int[] counts = new int[threads];
      AtomicLong errors = new AtomicLong();
      CountDownLatch done = new CountDownLatch(threads);
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        long[] own = new long[1 << 20];
        latencies.add(own);
        int thread = t;
        List<String> mine =
            IntStream.range(0, ids.size())
                .filter(i -> i % threads == thread)
                .mapToObj(ids::get)
                .toList();
        Thread worker =
            new Thread(
                () -> {
                  try {
                    long n = 0;
                    // thread t works on the leads t, t + threads, ...: no two threads share one
                    for (; System.nanoTime() < end; n++) {
                      String id = mine.get((int) (n % mine.size()));
                      long t0 = System.nanoTime();
                      try {
                        operation.run(id, thread, n);
                        if (counts[thread] < own.length) {
                          own[counts[thread]++] = System.nanoTime() - t0;
                        }
                      } catch (Exception e) {
                        errors.incrementAndGet();
                      }
                    }
                  } finally {
                    done.countDown();
                  }
                },
                "bench-" + getName() + "-" + t);
        worker.start();
      }
      done.await();
      double elapsed = (System.nanoTime() - start) / 1e9;
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int t = 0; t < threads; t++) {
        System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
        at += counts[t];
      }
      Arrays.sort(all);
      output.printf(
          "%d %.3f %.1f %.3f %.3f %d%n",
          total,
          elapsed,
          total / elapsed,
          percentile(all, 0.50) / 1e6,
          percentile(all, 0.99) / 1e6,
          errors.get());
    }

    private static double percentile(long[] sorted, double p) {
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
    }

    private static String first(Map<String, List<String>> parameters, String name, String or) {
      List<String> values = parameters.get(name);
      return values == null || values.isEmpty() ? or : values.get(0);
    }
  }

  /** A locked row update with the application's pool, in plain JDBC (no JDBI statement). */
  static final class RowTask extends TimedTask {
    private final Jdbi jdbi;

    RowTask(Jdbi jdbi) {
      super("bench-row");
      this.jdbi = jdbi;
    }

    @Override
    Operation operation() {
      return (id, thread, n) ->
          jdbi.useHandle(
              handle -> {
                Connection connection = handle.getConnection();
                connection.setAutoCommit(false);
                try (PreparedStatement lock =
                        connection.prepareStatement(
                            "SELECT id FROM leads WHERE id = ? FOR UPDATE");
                    PreparedStatement update =
                        connection.prepareStatement(
                            "UPDATE leads SET updated_at = ? WHERE id = ?")) {
                  lock.setString(1, id);
                  try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                      throw new SQLException("no lead " + id);
                    }
                  }
                  update.setTimestamp(1, Timestamp.from(Instant.now()));
                  update.setString(2, id);
                  update.executeUpdate();
                  connection.commit();
                } catch (SQLException e) {
                  connection.rollback();
                  throw e;
                } finally {
                  connection.setAutoCommit(true);
                }
              });
    }
  }

  /** The Update a step-changing PATCH sends, to a running workflow (no update-with-start). */
  static final class UpdateTask extends TimedTask {
    private final Supplier<WorkflowClient> client;
    private final FollowUpOptions options;

    UpdateTask(Supplier<WorkflowClient> client, FollowUpOptions options) {
      super("bench-update");
      this.client = client;
      this.options = options;
    }

    @Override
    Operation operation() {
      return (id, thread, n) -> {
        FollowUpChange change =
            new FollowUpChange(null, (int) (n % 2) + 1, null, null, null).withOptions(options);
        client
            .get()
            .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(id))
            .applyChange(change);
      };
    }
  }
}

package io.followup.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.store.LeadStatements;
import io.followup.store.Migrations;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import io.followup.store.webhooks.JdbiWebhookQueue;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.store.webhooks.WebhookTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that answers headers and then stalls its body: the attempt ends at its deadline (4 s
 * here) over the whole exchange, and meanwhile another lead's event to that same receiver and the
 * stalled lead's event to another URL are delivered at once. Cleartext receivers get plain HTTP/1.1
 * (no h2c upgrade).
 */
class WebhookStallIT {
  private static final String PG = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(4);

  /** "On time": within half the stalled attempt's deadline (most take a few milliseconds). */
  private static final Duration ON_TIME = Duration.ofSeconds(2);

  private static final Duration SETTLE = Duration.ofSeconds(30);

  private static final Jdbi JDBI = jdbi();

  private final StallingReceiver stalling = new StallingReceiver();
  private final WebhookReceiver other = new WebhookReceiver();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private WebhookDispatcher dispatcher;

  private static Jdbi jdbi() {
    Migrations.migrate(TestDatabases.url(PG), TestDatabases.USER, "");
    Jdbi jdbi = Jdbi.create(TestDatabases.url(PG), TestDatabases.USER, "");
    jdbi.installPlugin(new SqlObjectPlugin());
    return jdbi;
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    stalling.close();
    other.close();
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  @Test
  void aStalledBodyHoldsNeitherAnotherLeadNorAnotherUrl() throws Exception {
    List<URI> urls = List.of(URI.create(stalling.url()), URI.create(other.url()));
    WebhookOutbox outbox =
        new WebhookOutbox(
            urls.stream().map(WebhookTarget::everyEvent).toList(), JSON, Clock.systemUTC());
    dispatcher =
        new WebhookDispatcher(
            new JdbiWebhookQueue(JDBI),
            urls,
            new WebhookSignature("whsec-test-0123456789"),
            DispatchSettings.defaults()
                .withPollEvery(Duration.ofMillis(20))
                .withTimeouts(Duration.ofSeconds(1), DEADLINE)
                .withRetries(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1)),
            new WebhookMeters(registry),
            Clock.systemUTC());
    dispatcher.start();
    String stalled = lead();
    String next = lead();
    stalling.stallBodiesOf(stalled);

    // t = 0: the stalled lead's event, to both URLs; the stalling receiver holds its body
    long start = System.nanoTime();
    enqueue(outbox, stalled);
    // getting the first attempts under way is not what is timed (a loaded machine warms up slowly)
    await(SETTLE, () -> stalling.stalledNow() == 1);
    long stalledSince = System.nanoTime();
    await(SETTLE, () -> other.accepted().size() == 1);
    // t < 2 s: another lead's event, to both URLs: answered at once by both
    Instant before = Instant.now();
    enqueue(outbox, next);
    await(ON_TIME, () -> stalling.answered().contains(next));
    await(ON_TIME, () -> other.accepted().size() == 2);
    assertThat(Duration.between(before, Instant.now())).isLessThan(ON_TIME);
    assertThat(stalling.stalledNow()).as("still stalled meanwhile").isEqualTo(1);

    // t ≈ 4 s: the stalled attempt ends at its deadline, its connection closed, and is retried
    // later
    await(DEADLINE.plusSeconds(2), () -> failed() == 1.0);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
    assertThat(Duration.ofNanos(System.nanoTime() - stalledSince))
        .isLessThan(DEADLINE.plusSeconds(2));
    await(Duration.ofSeconds(2), () -> stalling.stalledNow() == 0);
    await(Duration.ofSeconds(2), () -> lastError(stalled) != null);
    assertThat(lastError(stalled)).isEqualTo("HttpTimeoutException");

    // plain HTTP/1.1 to an http:// URL: no h2c upgrade
    assertThat(stalling.requestHeads())
        .isNotEmpty()
        .allSatisfy(
            head -> {
              assertThat(head).startsWith("POST /hooks/stall HTTP/1.1\r\n");
              assertThat(head.toLowerCase()).doesNotContain("upgrade").doesNotContain("http2");
            });
  }

  private double failed() {
    return registry.get(WebhookMeters.DELIVERIES).tag("outcome", "failed").counter().count();
  }

  private String lastError(String leadId) {
    return JDBI.withHandle(
        h ->
            h.select(
                    "SELECT last_error FROM webhook_outbox WHERE lead_id = ? AND url = ?",
                    leadId,
                    stalling.url())
                .mapTo(String.class)
                .one());
  }

  private static String lead() {
    String id = UUID.randomUUID().toString();
    String phone = "+1555" + String.format("%07d", Math.abs(id.hashCode()) % 10_000_000);
    JDBI.useHandle(h -> LeadStatements.insert(h, LeadRows.unscheduled(id, phone, Instant.now())));
    return id;
  }

  private static void enqueue(WebhookOutbox outbox, String leadId) {
    JDBI.useTransaction(
        handle ->
            outbox.enqueue(
                handle,
                WebhookEvents.MESSAGE_RECEIVED,
                leadId,
                WebhookEvents.messageReceived(
                    new WebhookLead(leadId, "+15555550100", null), "a reply")));
  }

  private static void await(Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not reached within " + limit).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * A raw HTTP/1.1 receiver: reads each request whole; a body naming a lead to stall gets the
   * answer's headers (200, a 100-byte body announced) and then nothing, until the client hangs up;
   * any other gets 200 with an empty body.
   */
  static final class StallingReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, Boolean> stall = new ConcurrentHashMap<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<Socket> stalled = new CopyOnWriteArrayList<>();

    StallingReceiver() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Thread acceptor = new Thread(this::accept, "stalling-receiver");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/hooks/stall";
    }

    void stallBodiesOf(String leadId) {
      stall.put(leadId, true);
    }

    List<String> requestHeads() {
      return List.copyOf(heads);
    }

    /** The leads whose events were answered whole. */
    List<String> answered() {
      return List.copyOf(answered);
    }

    /** Connections held mid-body that the client has not closed yet. */
    long stalledNow() {
      return stalled.stream().filter(s -> !s.isClosed()).count();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread handler = new Thread(() -> serve(socket), "stalling-receiver-conn");
          handler.setDaemon(true);
          handler.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket socket) {
      try (socket) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
          String head = head(in);
          if (head == null) {
            return;
          }
          heads.add(head);
          String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
          String lead = stall.keySet().stream().filter(body::contains).findFirst().orElse(null);
          if (lead != null) {
            out.write(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ok\":"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            stalled.add(socket);
            // nothing more until the client hangs up (read answers -1 or fails)
            while (in.read() >= 0) {}
            return;
          }
          answered.add(JSON.readTree(body).path("data").path("leadId").asText());
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException gone) {
        // the client hung up
      }
    }

    private static String head(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        bytes.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          return Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
      return 0;
    }

    @Override
    public void close() {
      try {
        server.close();
        for (Socket socket : stalled) {
          socket.close();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

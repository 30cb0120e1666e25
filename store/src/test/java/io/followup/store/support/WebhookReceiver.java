package io.followup.store.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a local port (the JDK's HTTP server): records every POST it gets, answers
 * {@link #answer} (200 unless told otherwise); {@link #stop} and {@link #start} take it off and
 * back on the same port (connection refused meanwhile).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received: the exact body and its signature header. */
  public record Received(String body, byte[] bytes, String signature, String contentType) {}

  public final AtomicInteger answer = new AtomicInteger(200);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Received> accepted = new CopyOnWriteArrayList<>();

  /** A path of its own, so rows left by an earlier receiver on a reused port are never ours. */
  private final String path = "/hooks/crm/" + java.util.UUID.randomUUID();

  private volatile int port;
  private volatile HttpServer server;

  public WebhookReceiver() {
    start();
  }

  public synchronized void start() {
    try {
      HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
      started.createContext(
          "/",
          exchange -> {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
              bytes = in.readAllBytes();
            }
            Received one =
                new Received(
                    new String(bytes, StandardCharsets.UTF_8),
                    bytes,
                    exchange.getRequestHeaders().getFirst("X-Signature-SHA256"),
                    exchange.getRequestHeaders().getFirst("Content-Type"));
            int status = answer.get();
            received.add(one);
            if (status >= 200 && status < 300) {
              accepted.add(one);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      started.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
      started.start();
      port = started.getAddress().getPort();
      server = started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + path + "?token=t0k3n";
  }

  /** Every request, answered 2xx or not. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests it answered 2xx. */
  public List<Received> accepted() {
    return List.copyOf(accepted);
  }

  @Override
  public void close() {
    stop();
  }
}

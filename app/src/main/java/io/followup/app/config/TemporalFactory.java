package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.uber.m3.tally.Scope;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.followup.app.temporal.HistoryMeter;
import io.followup.workflows.RequestIds;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Where Temporal is: a server at {@code target} (optionally over TLS), or, when {@code embedded},
 * the in-memory Temporal service inside this process (state lost on exit; a port only when {@code
 * embeddedPort} is set, and then on {@code embeddedBindHost}: loopback unless an operator names
 * another interface, since the service has no authentication at all).
 */
public class TemporalFactory {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TemporalFactory.class);

  @JsonProperty public String target = "127.0.0.1:7233";
  @JsonProperty public String namespace = "default";
  @JsonProperty public boolean tls = false;
  @JsonProperty public String tlsCertPath;
  @JsonProperty public String tlsKeyPath;
  @JsonProperty public String tlsCaPath;
  @JsonProperty public boolean embedded = false;
  @JsonProperty public int embeddedPort = 0;

  /**
   * The interface {@code embeddedPort} listens on ({@code TEMPORAL_BIND_HOST}). Anyone who reaches
   * that port can read, change and terminate every lead's workflow, so it is loopback unless set.
   */
  @JsonProperty public String embeddedBindHost = "127.0.0.1";

  /**
   * The in-memory service keeps every workflow history until it stops: when its estimated retained
   * heap passes this, the embedded run replaces it with a fresh one and re-creates each lead's
   * workflow from the store ({@code EmbeddedTemporalRebuild}). 0 never replaces it.
   */
  @JsonProperty public DataSize embeddedMaxRetained = DataSize.mebibytes(256);

  /**
   * Try to register the custom search attributes on a real server too (they must exist before a
   * lead's workflow runs). In the background, so a slow or unreachable server does not hold the
   * start, and again until it succeeds (1 s, then up to every 30 s): a server still starting or too
   * loaded to answer in time gets them later. A server that refuses (no operator rights, Temporal
   * Cloud) is logged, and the attributes must then be registered by its operator (compose does it).
   */
  @JsonProperty public boolean registerSearchAttributes = true;

  /** How long an API call waits for a lead's workflow to take a change before answering 503. */
  @JsonProperty public Duration updateTimeout = Duration.seconds(10);

  /**
   * A connected client; close it to release the connection (and the embedded service, whose
   * retained history {@code meter} estimates; null for a server).
   */
  public record Connection(
      WorkflowServiceStubs service, WorkflowClient client, Closeable server, HistoryMeter meter)
      implements Closeable {
    @Override
    public void close() throws IOException {
      service.shutdown();
      if (server != null) {
        server.close();
      }
    }
  }

  public Connection connect() {
    return connect(null);
  }

  /**
   * @param metricsScope where the SDK reports its {@code temporal_*} metrics, the client's and
   *     every worker's on this connection; null for none
   */
  public Connection connect(Scope metricsScope) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    Closeable server = null;
    HistoryMeter meter = null;
    if (embedded) {
      meter = new HistoryMeter();
      options.setGrpcClientInterceptors(List.of(meter));
    }
    if (embedded && embeddedPort > 0) {
      server = EmbeddedTemporalPort.open(embeddedBindHost, embeddedPort);
      options.setTarget(EmbeddedTemporalPort.target(embeddedBindHost, embeddedPort));
    } else if (embedded) {
      TestServer.InProcessTestServer inProcess = TestServer.createServer(true);
      server = inProcess::close;
      options.setChannel(inProcess.getChannel());
    } else {
      options.setTarget(target);
      if (tls) {
        options.setSslContext(sslContext());
      }
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(options.build());
    if (embedded) {
      // the in-memory service starts with no custom search attributes
      SearchAttributes.register(service, namespace);
    } else if (registerSearchAttributes) {
      registerInBackground(service);
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                // the request id into workflows and activities (workers take the client's list)
                .setContextPropagators(List.of(new RequestIds()))
                .build());
    return new Connection(service, client, server, meter);
  }

  private void registerInBackground(WorkflowServiceStubs service) {
    Thread registration =
        new Thread(
            () -> {
              long[] lastWarned = {0};
              int attempts =
                  SearchAttributes.untilDone(
                      () -> SearchAttributes.register(service, namespace),
                      service::isShutdown,
                      wait -> Thread.sleep(wait.toMillis()),
                      e -> {
                        // the first failure, then at most one a minute: the server may take a while
                        long now = System.nanoTime();
                        if (lastWarned[0] == 0 || now - lastWarned[0] > 60_000_000_000L) {
                          lastWarned[0] = now;
                          log.warn(
                              "could not register the search attributes on namespace {} yet ({});"
                                  + " trying again (up to every 30 s). A server that refuses for"
                                  + " good needs them registered as the README says",
                              namespace,
                              e.getMessage());
                        }
                      });
              if (attempts > 0) {
                log.info(
                    "search attributes registered on namespace {} ({} attempt{})",
                    namespace,
                    attempts,
                    attempts == 1 ? "" : "s");
              }
            },
            "register-search-attributes");
    registration.setDaemon(true);
    registration.start();
  }

  private SslContext sslContext() {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (tlsCertPath != null && !tlsCertPath.isBlank()) {
        builder.keyManager(new File(tlsCertPath), new File(tlsKeyPath));
      }
      if (tlsCaPath != null && !tlsCaPath.isBlank()) {
        builder.trustManager(new File(tlsCaPath));
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Temporal TLS files", e);
    }
  }
}

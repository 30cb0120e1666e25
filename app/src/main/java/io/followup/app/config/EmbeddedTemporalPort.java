package io.followup.app.config;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory Temporal service served on a port ({@code TEMPORAL_PORT}) of one interface. The
 * test server's own {@code TestServer.createPortBoundServer} listens on every interface and takes
 * no address; this builds the same server (its services and health checks) on the given address.
 */
final class EmbeddedTemporalPort {
  private EmbeddedTemporalPort() {}

  /** Starts the service on {@code host:port}; closing the result stops the port and the service. */
  static Closeable open(String host, int port) {
    InetAddress address = address(host);
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(address, port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(
          "TEMPORAL_PORT: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    return () -> {
      server.shutdown();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        server.shutdownNow();
        services.close();
      }
    };
  }

  /** Where this process's own client reaches the port: loopback when it listens on every one. */
  static String target(String host, int port) {
    InetAddress address = address(host);
    String reach = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    return (reach.contains(":") ? "[" + reach + "]" : reach) + ":" + port;
  }

  private static InetAddress address(String host) {
    String name = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "TEMPORAL_BIND_HOST: not an address of this machine: " + name, e);
    }
  }
}

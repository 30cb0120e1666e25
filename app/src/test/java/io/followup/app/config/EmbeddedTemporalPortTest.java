package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.followup.app.support.Ports;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TEMPORAL_PORT: the embedded run's in-memory Temporal service on one interface, loopback first.
 */
class EmbeddedTemporalPortTest {

  @Test
  void byDefaultThePortListensOnLoopbackOnly() throws Exception {
    InetAddress external = externalAddress().orElse(null);
    assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
    TemporalFactory factory = embeddedOn(Ports.free(), new TemporalFactory().embeddedBindHost);

    try (TemporalFactory.Connection connection = factory.connect()) {
      // the process's own client works through the port (connect registered search attributes)
      connection.service().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      assertThat(reachable(InetAddress.getLoopbackAddress(), factory.embeddedPort)).isTrue();
      assertThat(reachable(external, factory.embeddedPort))
          .as("not reachable on " + external.getHostAddress())
          .isFalse();
    }
  }

  @Test
  void anOperatorMayOpenItOnEveryInterface() throws Exception {
    InetAddress external = externalAddress().orElse(null);
    assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
    TemporalFactory factory = embeddedOn(Ports.free(), "0.0.0.0");

    try (TemporalFactory.Connection connection = factory.connect()) {
      connection.service().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      assertThat(reachable(external, factory.embeddedPort)).isTrue();
    }
  }

  @Test
  void anUnknownBindHostNamesTheVariable() {
    TemporalFactory factory = embeddedOn(1, "no-such-host.invalid");
    assertThatThrownBy(factory::connect)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TEMPORAL_BIND_HOST:");
  }

  @Test
  void theDefaultIsLoopback() {
    assertThat(new TemporalFactory().embeddedBindHost).isEqualTo("127.0.0.1");
  }

  private static TemporalFactory embeddedOn(int port, String host) {
    TemporalFactory factory = new TemporalFactory();
    factory.embedded = true;
    factory.embeddedPort = port;
    factory.embeddedBindHost = host;
    return factory;
  }

  private static boolean reachable(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Optional<InetAddress> externalAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}

package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.store.support.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Clients that send their body slowly or not at all, as the server mode meets them (no change gate
 * here: the API's own routes read the body): a client that hangs up mid-body leaves no 500 and no
 * ERROR or stack trace in the log; a body trickling below {@code HTTP_MIN_REQUEST_RATE} is cut by
 * Jetty (408 or the connection closed) long before it would end.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SlowClientsIT {
  private static final String DB = TestDatabases.create();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("temporal.embeddedMaxRetained", "0"),
          ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "10s"),
          ConfigOverride.config("server.applicationConnectors[0].minRequestDataPerSecond", "256B"));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", APP.getLocalPort()), 5_000);
    return socket;
  }

  private static byte[] head(String method, String path, String type, int length, String key) {
    return (method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + length
            + "\r\n"
            + (key == null ? "" : "x-api-key: " + key + "\r\n")
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aClientThatHangsUpMidBodyLeavesNoErrorInTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      for (String[] request :
          new String[][] {
            {"POST", "/v1/webhooks/twilio/sms", "application/x-www-form-urlencoded", null},
            {"POST", "/v1/leads/create", "application/json", Http.KEY},
            {"PATCH", "/v1/leads/some-id", "application/json", Http.KEY}
          }) {
        try (Socket socket = connect()) {
          OutputStream out = socket.getOutputStream();
          out.write(head(request[0], request[1], request[2], 100, request[3]));
          out.write("{\"firstName\":".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
      // the server has read each request to its end by the time it answers the next one
      assertThat(new Http(APP.getLocalPort()).get("/v1/leads?limit=1").status()).isEqualTo(200);
      Thread.sleep(500);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list)
        .as("%s", logs.list)
        .noneSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.ERROR))
        .allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
  }

  @Test
  void aBodyTricklingBelowTheMinimumRateIsCut() throws Exception {
    try (Socket socket = connect()) {
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(
          head("POST", "/v1/webhooks/twilio/sms", "application/x-www-form-urlencoded", 500, null));
      out.flush();
      long start = System.nanoTime();
      String answer = "";
      // a byte every 200 ms: 5 bytes a second, far below 256; it would take 100 s to end
      for (int i = 0; i < 50 && answer.isEmpty(); i++) {
        try {
          out.write('x');
          out.flush();
        } catch (IOException closed) {
          answer = "closed";
          break;
        }
        try {
          socket.setSoTimeout(200);
          byte[] buffer = new byte[512];
          int n = in.read(buffer);
          answer = n < 0 ? "closed" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException stillReading) {
          // no answer yet
        } catch (IOException closed) {
          answer = "closed";
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "trickle: cut after %d ms: %s%n", took.toMillis(), answer.lines().findFirst().orElse(""));
      assertThat(answer).as("cut by the server").isNotEmpty();
      assertThat(answer)
          .satisfiesAnyOf(
              a -> assertThat(a).isEqualTo("closed"),
              a -> assertThat(a).startsWith("HTTP/1.1 408"));
      assertThat(took).isLessThan(Duration.ofSeconds(8));
    }
  }
}

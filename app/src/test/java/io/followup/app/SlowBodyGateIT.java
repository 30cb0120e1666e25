package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.temporal.EmbeddedTemporalRebuild;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded run's change gate is not held by a request that has not been read and authenticated:
 * an unauthenticated Twilio-route POST trickles its body (a byte every 100 ms, Jetty's minimum rate
 * off here so only the gate is tried) while the in-memory service is replaced and a client PATCHes;
 * the replacement does not wait for the trickle and the PATCHes' p99 stays under 1 s. Before, the
 * trickle held a pass: the replacement waited its drain wait (the update timeout) for it and every
 * PATCH queued behind it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SlowBodyGateIT {
  private static final Path DATA_DIR = tempDir();

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("embedded.yml"),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.applicationConnectors[0].minRequestDataPerSecond", "0B"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config(
              "database.url",
              "jdbc:h2:file:"
                  + DATA_DIR.resolve("followup")
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=15000"),
          ConfigOverride.config("embedded.dataDir", DATA_DIR.toString()),
          ConfigOverride.config("temporal.embedded", "true"),
          ConfigOverride.config("auth.apiKeys", Http.KEY),
          ConfigOverride.config("api.rateLimitPerSecond", "0"),
          // the gate is on; the test replaces the service itself
          ConfigOverride.config("temporal.embeddedMaxRetained", "1GiB"),
          ConfigOverride.config("logging.level", "WARN"));

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("slow-body-gate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedTemporalRebuild rebuild() {
    return ((FollowUpApplication) APP.getApplication()).embeddedRebuild();
  }

  @Test
  void aTricklingUnauthenticatedPostHoldsNoPassAndPatchesStayFast() throws Exception {
    Http http = new Http(APP.getLocalPort());
    Reply created =
        http.post(
            "/v1/leads/create",
            lead(
                "+1 212 555 0131",
                "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();

    try (Socket trickle = new Socket()) {
      // t = 0: the unauthenticated POST announces 200 bytes and sends one every 100 ms
      trickle.connect(new InetSocketAddress("127.0.0.1", APP.getLocalPort()), 5_000);
      OutputStream out = trickle.getOutputStream();
      out.write(
          ("POST /v1/webhooks/twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nB")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      CompletableFuture<Void> trickling =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < 80 && !trickle.isClosed(); i++) {
                    Thread.sleep(100);
                    out.write('o');
                    out.flush();
                  }
                } catch (IOException | InterruptedException closed) {
                  // the test is over
                }
              });
      Thread.sleep(300);

      // t = 0.3 s: the service is replaced while a client PATCHes for 5 s
      long replacing = System.nanoTime();
      CompletableFuture<Boolean> replaced =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return rebuild().rebuild();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return false;
                }
              });
      List<Long> millis = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      for (int n = 0; System.nanoTime() < until; n++) {
        long start = System.nanoTime();
        Reply patched = http.patch("/v1/leads/" + id, "{\"additionalInfo\":{\"n\":" + n + "}}");
        millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
      }
      assertThat(replaced.get()).as("replaced without waiting for the trickle").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - replacing)).isLessThan(Duration.ofSeconds(6));
      assertThat(trickling).as("still trickling all along").isNotDone();

      Collections.sort(millis);
      long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
      System.out.printf(
          "slow body: %d PATCHes during a replacement and a trickling POST, p50 %d ms, p99 %d ms,"
              + " max %d ms%n",
          millis.size(), millis.get(millis.size() / 2), p99, millis.get(millis.size() - 1));
      assertThat(p99).isLessThan(1_000);
    }
  }
}

package io.followup.worker.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.worker.activities.CallActivitiesImpl;
import io.followup.worker.activities.EmailActivitiesImpl;
import io.followup.worker.activities.Sender;
import io.followup.worker.activities.TextActivitiesImpl;
import io.followup.worker.check.ComplianceCheck.FailureMode;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC "Compliance", the external check, over real HTTP against a double of the organisation's
 * middleware: allowed, denied, and down (an error status, a body without a verdict, a timeout, a
 * refused connection) in each failure mode; the request is signed; every verdict is counted.
 */
class ComplianceCheckTest {
  private static final String SECRET = "compliance-secret";
  private static final String PATH = "/check";

  private final WireMockServer middleware = new WireMockServer(options().dynamicPort());
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  {
    middleware.start();
    leads.put(lead("L"));
  }

  @AfterEach
  void stop() {
    middleware.stop();
  }

  /** A generous timeout: the first request of a run on a loaded machine is slow. */
  private Sender sender(FailureMode mode, URI url) {
    return sender(mode, url, Duration.ofSeconds(10));
  }

  private Sender sender(FailureMode mode, URI url, Duration timeout) {
    ComplianceCheck check =
        new ComplianceCheck(
            new ComplianceCheck.Settings(
                url,
                Set.of(Channel.TEXT, Channel.CALL),
                timeout,
                mode,
                SECRET.getBytes(StandardCharsets.UTF_8)),
            registry);
    return new Sender(
        ledger,
        leads,
        new MessageRenderer(),
        provider,
        new SendMeters(registry),
        Clock.systemUTC(),
        UnsubscribeLinks.none(),
        check);
  }

  private Sender sender(FailureMode mode) {
    return sender(mode, URI.create(middleware.baseUrl() + PATH));
  }

  private void answer(int status, String body) {
    middleware.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private DeliveryStatus text(Sender sender, String key) {
    return new TextActivitiesImpl(sender)
        .sendText(SendRequest.step("L", 1, Channel.TEXT, key, null, null, false, null))
        .status();
  }

  private RecordedSend recorded(String key) {
    return ledger.find(key).orElseThrow().result();
  }

  private double verdicts(String verdict) {
    // every channel's
    return registry.get(ComplianceCheck.CHECKS).tag("verdict", verdict).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void allowedGoesAndTheRequestIsSigned(FailureMode mode) throws Exception {
    answer(200, "{\"allowed\": true}");

    assertThat(text(sender(mode), "L:1")).isEqualTo(DeliveryStatus.SENT);

    assertThat(provider.handedOver).hasSize(1);
    var request = middleware.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
    assertThat(request.getBodyAsString())
        .isEqualTo(
            "{\"leadId\":\"L\",\"phone\":\"+15555550100\",\"email\":\"ada@example.com\","
                + "\"state\":null,\"channel\":\"text\",\"idempotencyKey\":\"L:1\"}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(request.getHeader(ComplianceCheck.SIGNATURE_HEADER))
        .isEqualTo(HexFormat.of().formatHex(mac.doFinal(request.getBody())));
    assertThat(verdicts("ALLOWED")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void deniedIsBlockedWithTheMiddlewaresReason(FailureMode mode) {
    answer(200, "{\"allowed\": false, \"reason\": \"LITIGATOR\"}");

    assertThat(text(sender(mode), "L:1")).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(
            new CallActivitiesImpl(sender(mode))
                .placeCall(SendRequest.step("L", 2, Channel.CALL, "L:2", null, null, false, null))
                .status())
        .isEqualTo(DeliveryStatus.BLOCKED);

    assertThat(provider.attempts()).isZero();
    assertThat(recorded("L:1").reason()).isEqualTo("LITIGATOR");
    assertThat(BlockReason.fromComplianceCheck("LITIGATOR")).isTrue();
    assertThat(verdicts("DENIED")).isEqualTo(2);
    assertThat(
            registry
                .get(SendMeters.COMPLIANCE_BLOCKS)
                .tag("reason", SendMeters.COMPLIANCE_CHECK)
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void aReasonOfAnotherShapeIsNotRecorded() {
    answer(200, "{\"allowed\": false, \"reason\": \"on list for +15555550100, see notes\"}");

    text(sender(FailureMode.BLOCK), "L:1");

    assertThat(recorded("L:1").reason()).isEqualTo(ComplianceCheck.DENIED);
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void downDecidesByTheFailureMode(FailureMode mode) {
    DeliveryStatus expected =
        mode == FailureMode.ALLOW ? DeliveryStatus.SENT : DeliveryStatus.BLOCKED;
    // an error status
    answer(503, "{}");
    assertThat(text(sender(mode), "L:1")).isEqualTo(expected);
    // a body without a verdict
    answer(200, "{\"ok\": true}");
    assertThat(text(sender(mode), "L:2")).isEqualTo(expected);
    // slower than the timeout
    middleware.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"allowed\":true}").withFixedDelay(2_000)));
    assertThat(
            text(
                sender(mode, URI.create(middleware.baseUrl() + PATH), Duration.ofMillis(500)),
                "L:3"))
        .isEqualTo(expected);
    // nobody listening
    assertThat(text(sender(mode, URI.create("http://127.0.0.1:9/check")), "L:4"))
        .isEqualTo(expected);

    String label = mode == FailureMode.ALLOW ? "FAILED_ALLOWED" : "FAILED_BLOCKED";
    assertThat(verdicts(label)).isEqualTo(4);
    if (mode == FailureMode.BLOCK) {
      assertThat(recorded("L:1").reason()).isEqualTo(BlockReason.COMPLIANCE_CHECK_UNAVAILABLE);
      assertThat(provider.attempts()).isZero();
    } else {
      assertThat(provider.handedOver).hasSize(4);
    }
  }

  @Test
  void channelsOutsideTheListAreNotAsked() {
    answer(200, "{\"allowed\": false}");

    assertThat(
            new EmailActivitiesImpl(sender(FailureMode.BLOCK))
                .sendEmail(SendRequest.step("L", 1, Channel.EMAIL, "L:1", null, null, false, null))
                .status())
        .isEqualTo(DeliveryStatus.SENT);
    assertThat(middleware.getAllServeEvents()).isEmpty();
  }
}

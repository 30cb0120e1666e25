package io.followup.worker.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.lead.Lead;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation's own compliance middleware (SPEC "Compliance", as Apten offers it): before each
 * send on {@code COMPLIANCE_CHECK_CHANNELS}, a POST of {@code {leadId, phone, email, state,
 * channel, idempotencyKey}} to {@code COMPLIANCE_CHECK_URL}, signed as the outbound webhooks are
 * ({@code X-Signature-SHA256}: the lowercase hex HMAC-SHA256 of the body under {@code
 * WEBHOOK_SECRET}), answered within {@code COMPLIANCE_CHECK_TIMEOUT_MS} with {@code {"allowed":
 * true|false, "reason": "..."}}. A "no" blocks the send with the middleware's reason; no answer (a
 * timeout, a refused connection, a non-2xx status, a body without {@code allowed}) blocks or allows
 * it as {@code COMPLIANCE_CHECK_FAILURE_MODE} says. Every verdict is counted: {@code
 * followup_compliance_checks_total{channel, verdict}}.
 */
public final class ComplianceCheck {
  private static final Logger log = LoggerFactory.getLogger(ComplianceCheck.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String CHECKS = "followup.compliance.checks";
  public static final String SIGNATURE_HEADER = "X-Signature-SHA256";

  /** A middleware's reason is kept to this shape: it names a rule, never carries data. */
  private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** The reason recorded when the middleware gives none or one of another shape. */
  public static final String DENIED = "COMPLIANCE_CHECK_DENIED";

  /** What a failed check decides. */
  public enum FailureMode {
    BLOCK,
    ALLOW
  }

  /** The check's answer; {@code reason} is null when the send may go. */
  public record Verdict(boolean allowed, String reason, String label) {
    static final Verdict ALLOWED = new Verdict(true, null, "ALLOWED");
  }

  /**
   * @param url where to ask; null: no check (every send allowed, nothing counted)
   * @param channels which channels are checked
   * @param secret signs each request (the webhook secret's bytes)
   */
  public record Settings(
      URI url, Set<Channel> channels, Duration timeout, FailureMode failureMode, byte[] secret) {
    public Settings {
      channels = channels == null || channels.isEmpty() ? Set.of() : EnumSet.copyOf(channels);
    }
  }

  public static final ComplianceCheck NONE =
      new ComplianceCheck(new Settings(null, null, null, null, null), null);

  private final Settings settings;
  private final HttpClient http;
  private final MeterRegistry meters;
  private final Set<Channel> consentRequiredFor;

  public ComplianceCheck(Settings settings, MeterRegistry meters) {
    this(settings, meters, null, Set.of());
  }

  private ComplianceCheck(
      Settings settings, MeterRegistry meters, HttpClient http, Set<Channel> consentRequiredFor) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.meters = meters;
    this.http =
        http != null || settings.url() == null
            ? http
            : HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    this.consentRequiredFor =
        consentRequiredFor.isEmpty() ? Set.of() : EnumSet.copyOf(consentRequiredFor);
  }

  /**
   * The same check, and sends on {@code channels} ({@code REQUIRE_CONSENT_FOR}) go only to leads
   * with a consent recorded; empty: none required.
   */
  public ComplianceCheck requiringConsentFor(Set<Channel> channels) {
    return new ComplianceCheck(settings, meters, http, channels == null ? Set.of() : channels);
  }

  /** Whether a send on {@code channel} needs the lead's recorded consent (a voicemail a call's). */
  public boolean needsConsent(Channel channel) {
    Channel checked = channel == Channel.VOICEMAIL ? Channel.CALL : channel;
    return consentRequiredFor.contains(checked);
  }

  /** Whether a send on {@code channel} is asked about. */
  public boolean applies(Channel channel) {
    Channel checked = channel == Channel.VOICEMAIL ? Channel.CALL : channel;
    return settings.url() != null && settings.channels().contains(checked);
  }

  /** Asks the middleware about one send (call only when {@link #applies}). */
  public Verdict ask(Lead lead, Channel channel, String idempotencyKey) {
    Verdict verdict = verdict(lead, channel, idempotencyKey);
    if (meters != null) {
      Counter.builder(CHECKS)
          .description("Compliance middleware verdicts by channel")
          .tag("channel", channel.wireName())
          .tag("verdict", verdict.label())
          .register(meters)
          .increment();
    }
    return verdict;
  }

  private Verdict verdict(Lead lead, Channel channel, String idempotencyKey) {
    ObjectNode body = JSON.createObjectNode();
    body.put("leadId", lead.id());
    body.put("phone", lead.phone());
    body.put("email", lead.email());
    body.put("state", lead.state());
    body.put("channel", channel.wireName());
    body.put("idempotencyKey", idempotencyKey);
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(settings.url())
                  .timeout(settings.timeout())
                  .header("Content-Type", "application/json")
                  .header(SIGNATURE_HEADER, sign(bytes))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return failed(idempotencyKey, e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(idempotencyKey, "interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      return failed(idempotencyKey, "status " + response.statusCode());
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      return failed(idempotencyKey, "not JSON");
    }
    JsonNode allowed = answer == null ? null : answer.get("allowed");
    if (allowed == null || !allowed.isBoolean()) {
      return failed(idempotencyKey, "no boolean \"allowed\"");
    }
    if (allowed.booleanValue()) {
      return Verdict.ALLOWED;
    }
    String reason = answer.path("reason").asText("");
    return new Verdict(false, REASON.matcher(reason).matches() ? reason : DENIED, "DENIED");
  }

  private Verdict failed(String idempotencyKey, String why) {
    log.warn(
        "send {}: the compliance check did not answer ({}); {}",
        idempotencyKey,
        why,
        settings.failureMode() == FailureMode.ALLOW ? "sent anyway" : "not sent");
    return settings.failureMode() == FailureMode.ALLOW
        ? new Verdict(true, null, "FAILED_ALLOWED")
        : new Verdict(
            false,
            io.followup.domain.ledger.BlockReason.COMPLIANCE_CHECK_UNAVAILABLE,
            "FAILED_BLOCKED");
  }

  private String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(settings.secret(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}

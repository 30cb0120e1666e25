package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.followup.worker.check.ComplianceCheck;
import io.followup.worker.check.ComplianceCheck.FailureMode;
import io.followup.workflows.model.Channel;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The organisation's compliance middleware ({@code complianceCheck:} in the YAML; SPEC
 * "Compliance"): {@code COMPLIANCE_CHECK_URL} (empty: none), {@code COMPLIANCE_CHECK_CHANNELS}
 * [text,call], {@code COMPLIANCE_CHECK_TIMEOUT_MS} [2000] and {@code COMPLIANCE_CHECK_FAILURE_MODE}
 * ({@code block} or {@code allow}, no default: required with the URL, so nobody gets either by
 * accident). Requests are signed with {@code WEBHOOK_SECRET}, required with the URL too. Beside it,
 * {@code REQUIRE_CONSENT_FOR} [empty: off]: the channels (text, call, email) whose sends go only to
 * leads with a consent recorded; an unknown channel fails the start.
 */
public class ComplianceCheckSettings {
  @JsonProperty public String url = "";
  @JsonProperty public String channels = "text,call";

  @Min(value = 100, message = TIMEOUT)
  @Max(value = 60_000, message = TIMEOUT)
  @JsonProperty
  public long timeoutMs = 2_000;

  @JsonProperty public String failureMode = "";

  /** {@code REQUIRE_CONSENT_FOR}: comma-separated channels; empty for none. */
  @JsonProperty public String requireConsentFor = "";

  private static final String TIMEOUT =
      "COMPLIANCE_CHECK_TIMEOUT_MS: must be 100 to 60000 milliseconds";

  private boolean on() {
    return url != null && !url.isBlank();
  }

  @ValidationMethod(
      message =
          "COMPLIANCE_CHECK_FAILURE_MODE: is required with COMPLIANCE_CHECK_URL: block or allow")
  @JsonIgnore
  public boolean isFailureModeChosen() {
    return !on() || mode() != null;
  }

  @ValidationMethod(message = "COMPLIANCE_CHECK_URL: must be an http or https URL with a host")
  @JsonIgnore
  public boolean isUrlHttp() {
    if (!on()) {
      return true;
    }
    try {
      URI uri = new URI(url.strip());
      return uri.getHost() != null
          && uri.getScheme() != null
          && (uri.getScheme().equalsIgnoreCase("http")
              || uri.getScheme().equalsIgnoreCase("https"));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  @ValidationMethod(
      message = "COMPLIANCE_CHECK_CHANNELS: must be a comma-separated list of text, call, email")
  @JsonIgnore
  public boolean isChannelsValid() {
    return channelSet(channels) != null;
  }

  @ValidationMethod(
      message = "REQUIRE_CONSENT_FOR: must be a comma-separated list of text, call, email")
  @JsonIgnore
  public boolean isConsentChannelsValid() {
    return channelSet(requireConsentFor) != null;
  }

  /** The channels whose sends need the lead's consent ({@code REQUIRE_CONSENT_FOR}). */
  public Set<Channel> consentRequiredFor() {
    Set<Channel> set = channelSet(requireConsentFor);
    if (set == null) {
      throw new IllegalStateException("REQUIRE_CONSENT_FOR: not validated");
    }
    return set;
  }

  /** The failure mode; null when unset or not block/allow. */
  FailureMode mode() {
    if (failureMode == null) {
      return null;
    }
    return switch (failureMode.strip().toLowerCase(Locale.ROOT)) {
      case "block" -> FailureMode.BLOCK;
      case "allow" -> FailureMode.ALLOW;
      default -> null;
    };
  }

  /** Whether the failure mode is unset or one of the two. */
  @ValidationMethod(message = "COMPLIANCE_CHECK_FAILURE_MODE: must be block or allow")
  @JsonIgnore
  public boolean isFailureModeKnown() {
    return failureMode == null || failureMode.isBlank() || mode() != null;
  }

  private static Set<Channel> channelSet(String channels) {
    Set<Channel> set = EnumSet.noneOf(Channel.class);
    for (String name : (channels == null ? "" : channels).split(",")) {
      String wire = name.strip().toLowerCase(Locale.ROOT);
      if (wire.isEmpty()) {
        continue;
      }
      switch (wire) {
        case "text" -> set.add(Channel.TEXT);
        case "call" -> set.add(Channel.CALL);
        case "email" -> set.add(Channel.EMAIL);
        default -> {
          return null;
        }
      }
    }
    return set;
  }

  /** The check the senders ask; {@link ComplianceCheck.Settings} with no URL when off. */
  public ComplianceCheck.Settings build(String webhookSecret) {
    if (!on()) {
      return new ComplianceCheck.Settings(null, null, null, null, null);
    }
    return new ComplianceCheck.Settings(
        URI.create(url.strip()),
        channelSet(channels),
        Duration.ofMillis(timeoutMs),
        mode(),
        (webhookSecret == null ? "" : webhookSecret).getBytes(StandardCharsets.UTF_8));
  }

  /** The channels, for the start's log line. */
  public String describe() {
    String check =
        on()
            ? "compliance check on "
                + Arrays.toString(channelSet(channels).toArray())
                + ", "
                + mode()
            : "no compliance check";
    Set<Channel> consent = channelSet(requireConsentFor);
    return consent == null || consent.isEmpty()
        ? check
        : check + "; consent required for " + Arrays.toString(consent.toArray());
  }
}

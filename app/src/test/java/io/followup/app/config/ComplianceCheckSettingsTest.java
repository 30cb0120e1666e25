package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.app.FollowUpConfiguration;
import io.followup.worker.check.ComplianceCheck.FailureMode;
import io.followup.workflows.model.Channel;
import org.junit.jupiter.api.Test;

class ComplianceCheckSettingsTest {
  private static ComplianceCheckSettings settings(String url, String mode) {
    ComplianceCheckSettings s = new ComplianceCheckSettings();
    s.url = url;
    s.failureMode = mode;
    return s;
  }

  @Test
  void offByDefaultAndNeedsNothing() {
    assertThat(Violations.of(new ComplianceCheckSettings())).isEmpty();
    assertThat(new ComplianceCheckSettings().build("").url()).isNull();
  }

  @Test
  void aUrlWithoutAFailureModeStopsTheStart() {
    assertThat(Violations.of(settings("https://check.example.com/v1", "")))
        .containsExactly(
            "COMPLIANCE_CHECK_FAILURE_MODE: is required with COMPLIANCE_CHECK_URL: block or allow");
    assertThat(Violations.of(settings("https://check.example.com/v1", "maybe")))
        .contains("COMPLIANCE_CHECK_FAILURE_MODE: must be block or allow");
  }

  @Test
  void aUrlWithAModeChannelsAndATimeout() {
    ComplianceCheckSettings s = settings("https://check.example.com/v1?token=x", " Allow ");
    s.channels = "text, email";
    s.timeoutMs = 500;
    assertThat(Violations.of(s)).isEmpty();
    var built = s.build("secret");
    assertThat(built.failureMode()).isEqualTo(FailureMode.ALLOW);
    assertThat(built.channels()).containsExactlyInAnyOrder(Channel.TEXT, Channel.EMAIL);
    assertThat(built.timeout().toMillis()).isEqualTo(500);
  }

  @Test
  void badValuesAreNamedWithoutEchoingTheUrl() {
    ComplianceCheckSettings s = settings("ftp://check.example.com/x?token=leak", "block");
    s.channels = "text,fax";
    s.timeoutMs = 10;
    assertThat(Violations.of(s))
        .containsExactlyInAnyOrder(
            "COMPLIANCE_CHECK_URL: must be an http or https URL with a host",
            "COMPLIANCE_CHECK_CHANNELS: must be a comma-separated list of text, call, email",
            "COMPLIANCE_CHECK_TIMEOUT_MS: must be 100 to 60000 milliseconds")
        .noneMatch(p -> p.contains("leak"));
  }

  @Test
  void theRequestsAreSignedSoTheUrlNeedsTheWebhookSecret() {
    FollowUpConfiguration config = new FollowUpConfiguration();
    config.complianceCheck = settings("https://check.example.com/v1", "block");
    assertThat(config.isComplianceCheckSigned()).isFalse();
    config.webhooks.secret = "s3cret";
    assertThat(config.isComplianceCheckSigned()).isTrue();
  }

  @Test
  void requireConsentForIsOffByDefaultAndTakesKnownChannels() {
    assertThat(new ComplianceCheckSettings().consentRequiredFor()).isEmpty();
    ComplianceCheckSettings s = new ComplianceCheckSettings();
    s.requireConsentFor = " Text, call ";
    assertThat(Violations.of(s)).isEmpty();
    assertThat(s.consentRequiredFor()).containsExactlyInAnyOrder(Channel.TEXT, Channel.CALL);
    assertThat(s.describe()).contains("consent required for [TEXT, CALL]");
  }

  @Test
  void anUnknownConsentChannelStopsTheStart() {
    ComplianceCheckSettings s = new ComplianceCheckSettings();
    s.requireConsentFor = "text,sms";
    assertThat(Violations.of(s))
        .containsExactly(
            "REQUIRE_CONSENT_FOR: must be a comma-separated list of text, call, email");
  }
}

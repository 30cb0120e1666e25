package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.twilio.TwilioProvider;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

  private static ProviderSettings twilioTexts() {
    ProviderSettings settings = new ProviderSettings();
    settings.text = "twilio";
    settings.twilio.accountSid = "AC0123456789abcdef0123456789abcdef";
    settings.twilio.authToken = "secret-token";
    settings.twilio.fromNumber = "+15005550006";
    return settings;
  }

  @Test
  void loggingOnEveryChannelByDefaultNeedsNoTwilioSettings() {
    ProviderSettings defaults = new ProviderSettings();

    assertThat(Violations.of(defaults)).isEmpty();
    ProviderSettings.Channels channels = defaults.build();
    assertThat(channels.text()).isInstanceOf(LoggingProvider.class);
    assertThat(channels.call()).isInstanceOf(LoggingProvider.class);
  }

  @Test
  void anUnknownProviderNamesItsVariable() {
    ProviderSettings settings = new ProviderSettings();
    settings.call = "vonage";

    assertThat(Violations.of(settings))
        .containsExactlyInAnyOrder("CALL_PROVIDER: must be logging or twilio; got vonage");
  }

  @Test
  void twilioWithoutItsSettingsNamesEachMissingVariable() {
    ProviderSettings settings = new ProviderSettings();
    settings.text = "twilio";
    settings.call = "twilio";

    assertThat(Violations.of(settings))
        .containsExactlyInAnyOrder(
            "TWILIO_ACCOUNT_SID: is required when TEXT_PROVIDER or CALL_PROVIDER is twilio",
            "TWILIO_AUTH_TOKEN: is required when TEXT_PROVIDER or CALL_PROVIDER is twilio",
            "TWILIO_FROM_NUMBER: is required when CALL_PROVIDER is twilio");
  }

  @Test
  void textsMayGoThroughAMessagingServiceButCallsNeedANumber() {
    ProviderSettings settings = twilioTexts();
    settings.twilio.fromNumber = "";
    settings.twilio.messagingServiceSid = "MG0123456789abcdef0123456789abcdef";
    assertThat(Violations.of(settings)).isEmpty();

    settings.call = "twilio";
    assertThat(Violations.of(settings))
        .containsExactlyInAnyOrder("TWILIO_FROM_NUMBER: is required when CALL_PROVIDER is twilio");
  }

  @Test
  void aBaseUrlMustBeHttpAndTheNumberE164() {
    ProviderSettings settings = twilioTexts();
    settings.twilio.apiBaseUrl = "localhost:8089";
    settings.twilio.fromNumber = "5005550006";

    assertThat(Violations.of(settings))
        .containsExactlyInAnyOrder(
            "TWILIO_FROM_NUMBER: must be an E.164 number (+15005550006)",
            "TWILIO_API_BASE_URL: must be an http(s) URL");
  }

  @Test
  void oneTwilioClientServesTextsAndCallsAndTheTokenIsNeverShown() {
    ProviderSettings settings = twilioTexts();
    settings.call = "twilio";
    settings.twilio.apiBaseUrl = "http://127.0.0.1:8089";

    assertThat(Violations.of(settings)).isEmpty();
    ProviderSettings.Channels channels = settings.build();
    assertThat(channels.text()).isInstanceOf(TwilioProvider.class).isSameAs(channels.call());
    assertThat(settings.twilio.toString()).doesNotContain("secret-token");
    assertThat(settings.twilio.account().toString()).doesNotContain("secret-token");
  }
}

package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.twilio.TwilioProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;

/**
 * Which provider sends each channel: {@code TEXT_PROVIDER}, {@code CALL_PROVIDER} ({@code logging}
 * or {@code twilio}; {@code logging} by default), and the providers' own settings. Calls and
 * voicemails share the call provider.
 */
public class ProviderSettings {
  static final String LOGGING = "logging";
  static final String TWILIO = "twilio";
  private static final String NAMES = "(?i)\\s*(logging|twilio)\\s*";

  @NotNull(message = "TEXT_PROVIDER: must be logging or twilio")
  @Pattern(
      regexp = NAMES,
      message = "TEXT_PROVIDER: must be logging or twilio; got ${validatedValue}")
  @JsonProperty
  public String text = LOGGING;

  @NotNull(message = "CALL_PROVIDER: must be logging or twilio")
  @Pattern(
      regexp = NAMES,
      message = "CALL_PROVIDER: must be logging or twilio; got ${validatedValue}")
  @JsonProperty
  public String call = LOGGING;

  @Valid @NotNull @JsonProperty public TwilioSettings twilio = new TwilioSettings();

  private static final String TWILIO_USED =
      "is required when TEXT_PROVIDER or CALL_PROVIDER is twilio";

  @ValidationMethod(message = "TWILIO_ACCOUNT_SID: " + TWILIO_USED)
  @JsonIgnore
  public boolean isTwilioAccountSidGiven() {
    return !twilioUsed() || !blank(twilio.accountSid);
  }

  @ValidationMethod(message = "TWILIO_AUTH_TOKEN: " + TWILIO_USED)
  @JsonIgnore
  public boolean isTwilioAuthTokenGiven() {
    return !twilioUsed() || !blank(twilio.authToken);
  }

  @ValidationMethod(message = "TWILIO_FROM_NUMBER: is required when CALL_PROVIDER is twilio")
  @JsonIgnore
  public boolean isCallersNumberGiven() {
    return !is(call, TWILIO) || !blank(twilio.fromNumber);
  }

  /** Texts go from the number or through a messaging service (calls need the number: above). */
  @ValidationMethod(
      message =
          "TWILIO_FROM_NUMBER: is required (or TWILIO_MESSAGING_SERVICE_SID) when TEXT_PROVIDER"
              + " is twilio")
  @JsonIgnore
  public boolean isTextsSenderGiven() {
    return !is(text, TWILIO)
        || is(call, TWILIO)
        || !blank(twilio.fromNumber)
        || !blank(twilio.messagingServiceSid);
  }

  @ValidationMethod(message = "TWILIO_FROM_NUMBER: must be an E.164 number (+15005550006)")
  @JsonIgnore
  public boolean isTwilioFromNumberE164() {
    return !twilioUsed() || blank(twilio.fromNumber) || twilio.fromNumberIsE164();
  }

  @ValidationMethod(message = "TWILIO_API_BASE_URL: must be an http(s) URL")
  @JsonIgnore
  public boolean isTwilioApiBaseUrlHttp() {
    return !twilioUsed() || twilio.apiBaseUrlIsHttp();
  }

  private boolean twilioUsed() {
    return is(text, TWILIO) || is(call, TWILIO);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static boolean is(String value, String name) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals(name);
  }

  /** The text and call providers; one Twilio client serves both. Call on valid settings. */
  public Channels build() {
    return build("", java.time.Clock.systemUTC());
  }

  /**
   * @param publicBaseUrl {@code PUBLIC_BASE_URL} (no trailing slash): Twilio sends ask for status
   *     callbacks there; empty for none
   * @param clock the application's: a text's {@code ValidityPeriod} counts the seconds until its
   *     window closes from it, as the senders and the send rules do
   */
  public Channels build(String publicBaseUrl, java.time.Clock clock) {
    TwilioProvider shared =
        is(text, TWILIO) || is(call, TWILIO)
            ? new TwilioProvider(
                twilio.account(publicBaseUrl), TwilioProvider.Settings.DEFAULTS, clock)
            : null;
    return new Channels(
        is(text, TWILIO) ? shared : new LoggingProvider(),
        is(call, TWILIO) ? shared : new LoggingProvider());
  }

  public record Channels(ChannelProvider text, ChannelProvider call) {}
}

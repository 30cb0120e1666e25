package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.worker.provider.twilio.CallOptOut;
import io.followup.worker.provider.twilio.TwilioAccount;
import java.net.URI;

/**
 * Twilio's account, from {@code TWILIO_*}: needed when {@code TEXT_PROVIDER} or {@code
 * CALL_PROVIDER} is {@code twilio} ({@link ProviderSettings} holds the rules). The auth token is
 * never logged (nor in {@link #toString()}).
 */
public class TwilioSettings {
  @JsonProperty public String accountSid = "";
  @JsonProperty public String authToken = "";
  @JsonProperty public String fromNumber = "";
  @JsonProperty public String messagingServiceSid = "";

  /** Empty for Twilio's own API; set only to point the client at a test double. */
  @JsonProperty public String apiBaseUrl = "";

  /**
   * {@code CALL_OPT_OUT_DIGIT}: the key that opts a called lead out (the API and the call fleet).
   */
  @jakarta.validation.constraints.Pattern(
      regexp = "[0-9*#]",
      message = "CALL_OPT_OUT_DIGIT: must be one key: a digit, * or #")
  @JsonProperty
  public String callOptOutDigit = CallOptOut.DEFAULT_DIGIT;

  /** {@code CALL_OPT_OUT_WORDS}: what a call says to offer it; empty: "To stop ..., press 9." */
  @jakarta.validation.constraints.Size(
      max = 500,
      message = "CALL_OPT_OUT_WORDS: must be at most 500 characters")
  @JsonProperty
  public String callOptOutWords = "";

  /** {@code VOICEMAIL_OPT_OUT_WORDS}: how a voicemail says to opt out; empty: the default. */
  @jakarta.validation.constraints.Size(
      max = 500,
      message = "VOICEMAIL_OPT_OUT_WORDS: must be at most 500 characters")
  @JsonProperty
  public String voicemailOptOutWords = "";

  /** The configured opt-out key. */
  public String optOutDigit() {
    return callOptOutDigit == null || callOptOutDigit.isBlank()
        ? CallOptOut.DEFAULT_DIGIT
        : callOptOutDigit.strip();
  }

  /** {@code TWILIO_FROM_NUMBER} is an E.164 number. */
  boolean fromNumberIsE164() {
    return fromNumber != null && fromNumber.strip().matches("\\+[1-9][0-9]{6,14}");
  }

  /** {@code TWILIO_API_BASE_URL} is unset or an http(s) URL with a host. */
  boolean apiBaseUrlIsHttp() {
    return blank(apiBaseUrl) || baseUrl() != null;
  }

  /** Call on valid settings ({@link ProviderSettings}' rules). */
  public TwilioAccount account() {
    return account("");
  }

  /**
   * @param publicBaseUrl {@code PUBLIC_BASE_URL} without a trailing slash: sends ask Twilio for
   *     status callbacks there; empty for none
   */
  public TwilioAccount account(String publicBaseUrl) {
    URI callback =
        publicBaseUrl == null || publicBaseUrl.isBlank()
            ? null
            : URI.create(publicBaseUrl.strip() + STATUS_CALLBACK_PATH);
    URI gather =
        publicBaseUrl == null || publicBaseUrl.isBlank()
            ? null
            : URI.create(publicBaseUrl.strip() + CallOptOut.GATHER_PATH);
    return new TwilioAccount(
        accountSid.strip(),
        authToken.strip(),
        fromNumber,
        messagingServiceSid,
        baseUrl(),
        callback,
        new CallOptOut(gather, optOutDigit(), callOptOutWords, voicemailOptOutWords));
  }

  /** Where Twilio's status callbacks arrive (the API's route). */
  public static final String STATUS_CALLBACK_PATH = "/v1/webhooks/twilio/status";

  private URI baseUrl() {
    if (blank(apiBaseUrl)) {
      return null;
    }
    try {
      URI uri = URI.create(apiBaseUrl.strip());
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public String toString() {
    return "TwilioSettings[" + accountSid + "]";
  }
}

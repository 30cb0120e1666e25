package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.worker.provider.twilio.TwilioAccount;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Twilio's account, from {@code TWILIO_*}: needed when {@code TEXT_PROVIDER} or {@code
 * CALL_PROVIDER} is {@code twilio}. The auth token is never logged (nor in {@link #toString()}).
 */
public class TwilioSettings {
  @JsonProperty public String accountSid = "";
  @JsonProperty public String authToken = "";
  @JsonProperty public String fromNumber = "";
  @JsonProperty public String messagingServiceSid = "";

  /** Empty for Twilio's own API; set only to point the client at a test double. */
  @JsonProperty public String apiBaseUrl = "";

  /**
   * What stops the start when Twilio is used, one line per variable.
   *
   * @param calls whether calls go through Twilio (they need a from number)
   */
  public List<String> problems(boolean calls) {
    List<String> problems = new ArrayList<>();
    String use = "is required when TEXT_PROVIDER or CALL_PROVIDER is twilio";
    if (blank(accountSid)) {
      problems.add("TWILIO_ACCOUNT_SID: " + use);
    }
    if (blank(authToken)) {
      problems.add("TWILIO_AUTH_TOKEN: " + use);
    }
    if (calls && blank(fromNumber)) {
      problems.add("TWILIO_FROM_NUMBER: is required when CALL_PROVIDER is twilio");
    } else if (blank(fromNumber) && blank(messagingServiceSid)) {
      problems.add(
          "TWILIO_FROM_NUMBER: is required (or TWILIO_MESSAGING_SERVICE_SID) when TEXT_PROVIDER"
              + " is twilio");
    }
    if (!blank(fromNumber) && !fromNumber.strip().matches("\\+[1-9][0-9]{6,14}")) {
      problems.add("TWILIO_FROM_NUMBER: must be an E.164 number (+15005550006); got " + fromNumber);
    }
    if (!blank(apiBaseUrl) && baseUrl() == null) {
      problems.add("TWILIO_API_BASE_URL: must be an http(s) URL; got " + apiBaseUrl);
    }
    return problems;
  }

  /** Call after {@link #problems} came back empty. */
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
    return new TwilioAccount(
        accountSid.strip(),
        authToken.strip(),
        fromNumber,
        messagingServiceSid,
        baseUrl(),
        callback);
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

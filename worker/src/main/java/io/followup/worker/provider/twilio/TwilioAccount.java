package io.followup.worker.provider.twilio;

import java.net.URI;

/**
 * Who sends through Twilio, and where its API is.
 *
 * @param fromNumber the E.164 number texts and calls come from; calls need it
 * @param messagingServiceSid texts go through this Messaging Service when set (its sender pool
 *     picks the number; {@code fromNumber}, when also set, is passed as well and wins)
 * @param apiBaseUrl null for Twilio's own ({@code https://api.twilio.com}); set only to point every
 *     request at a test double
 * @param statusCallback where Twilio reports a text's or call's later status ({@code
 *     PUBLIC_BASE_URL/v1/webhooks/twilio/status}); null asks for no callbacks
 * @param callOptOut the key-press opt-out a call offers and the words a voicemail ends with; null
 *     for the defaults without a gather callback
 */
public record TwilioAccount(
    String accountSid,
    String authToken,
    String fromNumber,
    String messagingServiceSid,
    URI apiBaseUrl,
    URI statusCallback,
    CallOptOut callOptOut) {

  public TwilioAccount {
    if (accountSid == null || accountSid.isBlank()) {
      throw new IllegalArgumentException("a Twilio account needs its SID");
    }
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("a Twilio account needs its auth token");
    }
    fromNumber = blankToNull(fromNumber);
    callOptOut = callOptOut == null ? CallOptOut.withoutCallback() : callOptOut;
    messagingServiceSid = blankToNull(messagingServiceSid);
    if (fromNumber == null && messagingServiceSid == null) {
      throw new IllegalArgumentException("texts need a from number or a messaging service SID");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Never the token. */
  @Override
  public String toString() {
    return "TwilioAccount["
        + accountSid
        + ", api "
        + (apiBaseUrl == null ? "twilio" : apiBaseUrl)
        + "]";
  }
}

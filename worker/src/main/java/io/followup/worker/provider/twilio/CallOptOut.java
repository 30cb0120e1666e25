package io.followup.worker.provider.twilio;

import java.net.URI;

/**
 * The opt-out every call offers (SPEC "Compliance", 47 CFR 64.1200(a)(10)): a person who answers
 * hears the script, then {@code words} inside a one-digit {@code <Gather>} whose key-press Twilio
 * posts, signed, to {@code gatherUrl}; a voicemail ends with {@code voicemailWords}.
 *
 * @param gatherUrl {@code PUBLIC_BASE_URL/v1/webhooks/twilio/gather}; null without {@code
 *     PUBLIC_BASE_URL}: no key-press is offered then (it could not be received)
 * @param digit the key that opts out ({@code CALL_OPT_OUT_DIGIT}, default 9)
 * @param words what the call says to offer it ({@code CALL_OPT_OUT_WORDS})
 * @param voicemailWords how a voicemail says to opt out ({@code VOICEMAIL_OPT_OUT_WORDS})
 */
public record CallOptOut(URI gatherUrl, String digit, String words, String voicemailWords) {
  /** The path of the gather callback under {@code PUBLIC_BASE_URL}. */
  public static final String GATHER_PATH = "/v1/webhooks/twilio/gather";

  public static final String DEFAULT_DIGIT = "9";

  public static final String DEFAULT_VOICEMAIL_WORDS =
      "To stop these calls and texts, reply STOP to a text from this number, or call us back and"
          + " ask to be removed.";

  public CallOptOut {
    digit = digit == null || digit.isBlank() ? DEFAULT_DIGIT : digit.strip();
    words = words == null || words.isBlank() ? defaultWords(digit) : words;
    voicemailWords =
        voicemailWords == null || voicemailWords.isBlank()
            ? DEFAULT_VOICEMAIL_WORDS
            : voicemailWords;
  }

  /** "To stop these calls, press 9." */
  public static String defaultWords(String digit) {
    return "To stop these calls, press " + digit + ".";
  }

  /** The defaults, with no gather callback. */
  public static CallOptOut withoutCallback() {
    return new CallOptOut(null, null, null, null);
  }
}

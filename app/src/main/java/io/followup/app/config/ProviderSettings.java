package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.twilio.TwilioProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which provider sends each channel: {@code TEXT_PROVIDER}, {@code CALL_PROVIDER} ({@code logging}
 * or {@code twilio}; {@code logging} by default), and the providers' own settings. Calls and
 * voicemails share the call provider.
 */
public class ProviderSettings {
  static final String LOGGING = "logging";
  static final String TWILIO = "twilio";

  @JsonProperty public String text = LOGGING;
  @JsonProperty public String call = LOGGING;
  @JsonProperty public TwilioSettings twilio = new TwilioSettings();

  /** Every rule these settings break, each as {@code VARIABLE: rule}; empty when they are fine. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    checkName("TEXT_PROVIDER", text, problems);
    checkName("CALL_PROVIDER", call, problems);
    if (is(text, TWILIO) || is(call, TWILIO)) {
      problems.addAll(twilio.problems(is(call, TWILIO)));
    }
    return problems;
  }

  private static void checkName(String variable, String value, List<String> problems) {
    if (!is(value, LOGGING) && !is(value, TWILIO)) {
      problems.add(variable + ": must be logging or twilio; got " + value);
    }
  }

  private static boolean is(String value, String name) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals(name);
  }

  /** The text and call providers; one Twilio client serves both. Call after {@link #problems}. */
  public Channels build() {
    return build("");
  }

  /**
   * @param publicBaseUrl {@code PUBLIC_BASE_URL} (no trailing slash): Twilio sends ask for status
   *     callbacks there; empty for none
   */
  public Channels build(String publicBaseUrl) {
    TwilioProvider shared =
        is(text, TWILIO) || is(call, TWILIO)
            ? new TwilioProvider(twilio.account(publicBaseUrl))
            : null;
    return new Channels(
        is(text, TWILIO) ? shared : new LoggingProvider(),
        is(call, TWILIO) ? shared : new LoggingProvider());
  }

  public record Channels(ChannelProvider text, ChannelProvider call) {}
}

package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.compliance.SendSpread;
import io.followup.domain.sends.SenderPace;
import io.followup.workflows.model.Channel;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How due sends are spread and paced ({@code sends:} in the YAML): {@code RESUME_SPREAD_MINUTES}
 * (how often a send held by the send switch asks again, and so the span its resume is spread over),
 * {@code WINDOW_OPEN_SPREAD_MINUTES} (the span sends deferred to a window's opening are spread
 * over).
 */
public class SendSettings {
  @Min(value = 1, message = "RESUME_SPREAD_MINUTES: must be from 1 to 1440; got ${validatedValue}")
  @Max(
      value = 1440,
      message = "RESUME_SPREAD_MINUTES: must be from 1 to 1440; got ${validatedValue}")
  @JsonProperty
  public int resumeSpreadMinutes = 15;

  @Min(
      value = 0,
      message = "WINDOW_OPEN_SPREAD_MINUTES: must be from 0 to 240; got ${validatedValue}")
  @Max(
      value = 240,
      message = "WINDOW_OPEN_SPREAD_MINUTES: must be from 0 to 240; got ${validatedValue}")
  @JsonProperty
  public int windowOpenSpreadMinutes = 15;

  @DecimalMin(
      value = "0",
      message =
          "TEXT_MAX_PER_SECOND_PER_NUMBER: must be 0 (no limit) or more; got ${validatedValue}")
  @DecimalMax(
      value = "1000",
      message = "TEXT_MAX_PER_SECOND_PER_NUMBER: must be at most 1000; got ${validatedValue}")
  @JsonProperty
  public double textMaxPerSecondPerNumber = 0;

  @Min(
      value = 0,
      message = "EMAIL_MAX_PER_HOUR: must be 0 (no limit) or more; got ${validatedValue}")
  @JsonProperty
  public int emailMaxPerHour = 0;

  @Min(
      value = 0,
      message = "EMAIL_MAX_PER_DAY: must be 0 (no limit) or more; got ${validatedValue}")
  @JsonProperty
  public int emailMaxPerDay = 0;

  @Min(
      value = 0,
      message = "CALL_MAX_CONCURRENT: must be 0 (no limit) or more; got ${validatedValue}")
  @JsonProperty
  public int callMaxConcurrent = 0;

  /**
   * The paces of the senders this configuration sends from: texts by the Twilio number (or
   * Messaging Service) or {@code logging}, emails by the address of {@code EMAIL_FROM}.
   */
  public Map<Channel, SenderPace> paces(TwilioSettings twilio, SmtpSettings email) {
    Map<Channel, SenderPace> paces = new EnumMap<>(Channel.class);
    if (textMaxPerSecondPerNumber > 0) {
      paces.put(Channel.TEXT, SenderPace.perSecond(textSender(twilio), textMaxPerSecondPerNumber));
    }
    if (emailMaxPerHour > 0 || emailMaxPerDay > 0) {
      paces.put(
          Channel.EMAIL,
          SenderPace.perHourAndDay(emailSender(email), emailMaxPerHour, emailMaxPerDay));
    }
    return paces;
  }

  static String textSender(TwilioSettings twilio) {
    String from = blankToNull(twilio.fromNumber);
    String service = blankToNull(twilio.messagingServiceSid);
    return "text:" + (from != null ? from : service != null ? service : "default");
  }

  static String emailSender(SmtpSettings email) {
    String from = blankToNull(email.from);
    if (from == null) {
      return "email:default";
    }
    int open = from.lastIndexOf('<');
    int close = from.lastIndexOf('>');
    return "email:"
        + (open >= 0 && close > open ? from.substring(open + 1, close) : from)
            .strip()
            .toLowerCase(Locale.ROOT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public SendSpread spread() {
    return new SendSpread(
        Duration.ofMinutes(windowOpenSpreadMinutes), Duration.ofMinutes(resumeSpreadMinutes));
  }
}

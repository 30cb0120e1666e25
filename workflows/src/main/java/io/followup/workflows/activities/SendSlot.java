package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The first instant a send may go out, and the rule that moved it there.
 *
 * @param at at or after the instant asked for
 * @param rule null when nothing moved it; else {@link #SENDING_WINDOW}, {@link #SENDING_DAYS},
 *     {@link #HOLIDAY}, {@link #REGIONAL_WINDOW}, {@link #REGIONAL_DAY}, {@link #REGIONAL_HOLIDAY},
 *     {@link #REGIONAL_CAP}, {@link #PAUSED} (the operators' send switch holds the channel; {@code
 *     at} is the lead's next check) or {@link #SENDER_CAP} (the sender's pace: {@code at} is the
 *     slot it reserved)
 * @param region the lead's region with rules of its own ({@code US-FL}); null when none
 * @param attemptsInLastDay the calls and texts the regional cap counted at the instant asked for
 * @param cap the regional cap (0 when none)
 * @param closesAt when the window open at {@code at} closes (the earliest in the lead's zones): a
 *     text handed over at {@code at} must be delivered before it (Twilio's {@code ValidityPeriod});
 *     null when no window binds the send, and in answers recorded before the field existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendSlot(
    Instant at, String rule, String region, int attemptsInLastDay, int cap, Instant closesAt) {
  public static final String SENDING_WINDOW = "SENDING_WINDOW";
  public static final String SENDING_DAYS = "SENDING_DAYS";
  public static final String HOLIDAY = "HOLIDAY";
  public static final String REGIONAL_WINDOW = "REGIONAL_WINDOW";
  public static final String REGIONAL_CAP = "REGIONAL_CAP";
  public static final String PAUSED = "PAUSED";
  public static final String SENDER_CAP = "SENDER_CAP";

  /** Whether {@code rule} moved a send to a window's opening (hours, days, a holiday). */
  public static boolean isWindowRule(String rule) {
    return SENDING_WINDOW.equals(rule)
        || SENDING_DAYS.equals(rule)
        || HOLIDAY.equals(rule)
        || REGIONAL_WINDOW.equals(rule)
        || REGIONAL_DAY.equals(rule)
        || REGIONAL_HOLIDAY.equals(rule);
  }

  /** The same answer at another instant, moved by {@code rule}. */
  public SendSlot movedTo(Instant later, String movedBy) {
    return new SendSlot(later, movedBy, region, attemptsInLastDay, cap, closesAt);
  }

  /** The region allows no call or text on that weekday (Alabama's Sundays). */
  public static final String REGIONAL_DAY = "REGIONAL_DAY";

  /** The region allows no call or text on its legal holidays. */
  public static final String REGIONAL_HOLIDAY = "REGIONAL_HOLIDAY";

  /** Whether {@code rule} is one of a region's (so the API names the region with it). */
  public static boolean isRegional(String rule) {
    return rule != null && rule.startsWith("REGIONAL_");
  }

  /** Nothing held it back. */
  public static SendSlot now(Instant at) {
    return new SendSlot(at, null, null, 0, 0, null);
  }
}

package io.followup.workflows.schedule;

import io.followup.workflows.activities.SendSlot;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A region's own limits on calls and texts to a lead located there (a US state's telemarketing
 * statute, say): a stricter local window, per weekday where the statute says so, days with no call
 * or text at all (Sundays, legal holidays), and a cap of attempts in any rolling 24 hours. Email is
 * not bound by it. Never in a workflow's history (the worker and the API build it from the rules
 * file).
 *
 * @param region short code, {@code US-FL}
 * @param windowStart null: the organisation's window start holds
 * @param windowEnd null: the organisation's window end holds ({@link LocalTime#MAX}: midnight)
 * @param maxAttemptsPer24Hours calls and texts on the same lead in any 24 hours; 0: no cap
 * @param weekdays a weekday's own window, in place of {@code windowStart}/{@code windowEnd} (Texas:
 *     Sunday 12:00-21:00); empty: the same every day
 * @param closedDays weekdays with no call or text (Alabama: Sunday)
 * @param holidays the region's legal holidays with no call or text; null: none
 */
public record RegionalRule(
    String region,
    LocalTime windowStart,
    LocalTime windowEnd,
    int maxAttemptsPer24Hours,
    Map<DayOfWeek, Hours> weekdays,
    Set<DayOfWeek> closedDays,
    Predicate<LocalDate> holidays) {

  /** One day's window: {@code [start, end)}, null ends as in {@link RegionalRule}. */
  public record Hours(LocalTime start, LocalTime end) {
    public Hours {
      if (start != null && end != null && !end.isAfter(start)) {
        throw new IllegalArgumentException("a regional window's end must be after its start");
      }
    }
  }

  public RegionalRule {
    Objects.requireNonNull(region, "region");
    if (maxAttemptsPer24Hours < 0) {
      throw new IllegalArgumentException("a regional cap cannot be negative");
    }
    new Hours(windowStart, windowEnd); // the same check
    weekdays = weekdays == null ? Map.of() : Map.copyOf(weekdays);
    closedDays =
        closedDays == null || closedDays.isEmpty()
            ? EnumSet.noneOf(DayOfWeek.class)
            : EnumSet.copyOf(closedDays);
    holidays = holidays == null ? date -> false : holidays;
  }

  /** A window the same every day, no closed day, no holiday. */
  public RegionalRule(
      String region, LocalTime windowStart, LocalTime windowEnd, int maxAttemptsPer24Hours) {
    this(region, windowStart, windowEnd, maxAttemptsPer24Hours, null, null, null);
  }

  /**
   * Why the region allows no call or text on {@code date}: {@link SendSlot#REGIONAL_HOLIDAY},
   * {@link SendSlot#REGIONAL_DAY}, or null when it allows some.
   */
  public String closedBecause(LocalDate date) {
    if (holidays.test(date)) {
      return SendSlot.REGIONAL_HOLIDAY;
    }
    return closedDays.contains(date.getDayOfWeek()) ? SendSlot.REGIONAL_DAY : null;
  }

  /** The region's window on {@code date}; null when closed all day. */
  public Hours hoursOn(LocalDate date) {
    if (closedBecause(date) != null) {
      return null;
    }
    Hours own = weekdays.get(date.getDayOfWeek());
    return own != null ? own : new Hours(windowStart, windowEnd);
  }
}

package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.schedule.LocalWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When texts and calls may go out, in the lead's local time: {@code [start, end)} on the allowed
 * days, never on a holiday. Email ignores it unless {@code appliesToEmail}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendingWindow(
    LocalTime start,
    LocalTime end,
    Set<DayOfWeek> days,
    List<LocalDate> holidays,
    boolean appliesToEmail)
    implements LocalWindow {

  /** SPEC default: 08:00-21:00 local, every day. */
  public static final SendingWindow DEFAULT =
      new SendingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0), null, null, false);

  /** No restriction at all (tests, and organisations that want none). */
  public static final SendingWindow ALWAYS =
      new SendingWindow(LocalTime.MIN, LocalTime.MAX, null, null, false);

  public SendingWindow {
    start = start == null ? LocalTime.MIN : start;
    end = end == null ? LocalTime.MAX : end;
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("sending window end must be after its start");
    }
    days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  public boolean appliesTo(Channel channel) {
    return channel.isVoiceOrText() || appliesToEmail;
  }

  /**
   * The first instant at or after {@code now} inside the window, in {@code zone}. Depends on tz
   * rules: the workflow calls it inside a side effect so a tz database update cannot break replay.
   */
  @Override
  public Instant nextOpening(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    for (int day = 0; day <= 366; day++) {
      LocalDate date = local.toLocalDate().plusDays(day);
      if (!days.contains(date.getDayOfWeek()) || holidays.contains(date)) {
        continue;
      }
      ZonedDateTime open = date.atTime(start).atZone(zone);
      ZonedDateTime close =
          end.equals(LocalTime.MAX)
              ? date.plusDays(1).atStartOfDay(zone)
              : date.atTime(end).atZone(zone);
      if (!local.isBefore(close)) {
        continue;
      }
      return local.isBefore(open) ? open.toInstant() : now;
    }
    throw new IllegalStateException("the sending window never opens in the next year");
  }

  @Override
  public Instant closing(Instant at, ZoneId zone) {
    if (!nextOpening(at, zone).equals(at)) {
      return null;
    }
    LocalDate date = at.atZone(zone).toLocalDate();
    return end.equals(LocalTime.MAX)
        ? date.plusDays(1).atStartOfDay(zone).toInstant()
        : date.atTime(end).atZone(zone).toInstant();
  }
}

package io.followup.workflows.schedule;

import io.followup.workflows.model.SendingWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The organisation's window (hours, days, holidays) narrowed, date by date, by a region's rule: the
 * later start and the earlier end of the two on each day, and no day the region closes.
 */
record RegionalWindow(SendingWindow base, RegionalRule rule) implements LocalWindow {

  @Override
  public Instant nextOpening(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    for (int day = 0; day <= 366; day++) {
      LocalDate date = local.toLocalDate().plusDays(day);
      if (!base.days().contains(date.getDayOfWeek()) || base.holidays().contains(date)) {
        continue;
      }
      RegionalRule.Hours hours = rule.hoursOn(date);
      if (hours == null) {
        continue;
      }
      LocalTime start = later(base.start(), hours.start());
      LocalTime end = earlier(base.end(), hours.end());
      if (!end.isAfter(start)) {
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
    throw new IllegalStateException("the regional window never opens in the next year");
  }

  @Override
  public Instant closing(Instant at, ZoneId zone) {
    if (!nextOpening(at, zone).equals(at)) {
      return null;
    }
    ZonedDateTime local = at.atZone(zone);
    LocalDate date = local.toLocalDate();
    RegionalRule.Hours hours = rule.hoursOn(date);
    LocalTime end = earlier(base.end(), hours == null ? null : hours.end());
    return end.equals(LocalTime.MAX)
        ? date.plusDays(1).atStartOfDay(zone).toInstant()
        : date.atTime(end).atZone(zone).toInstant();
  }

  private static LocalTime later(LocalTime a, LocalTime b) {
    return b != null && b.isAfter(a) ? b : a;
  }

  private static LocalTime earlier(LocalTime a, LocalTime b) {
    return b != null && b.isBefore(a) ? b : a;
  }
}

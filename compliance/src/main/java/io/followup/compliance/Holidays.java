package io.followup.compliance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A region's legal holidays as the rules file states them, computed for any year:
 *
 * <ul>
 *   <li>{@code US_FEDERAL}: the eleven federal holidays of 5 U.S.C. § 6103(a), each with its
 *       observed day (§ 6103(b): a Saturday's holiday is observed the Friday before, a Sunday's the
 *       Monday after; both days are holidays here, the stricter reading);
 *   <li>{@code MM-DD}: a fixed date each year, observed as above;
 *   <li>{@code first|second|third|fourth|last <weekday> of <month>}: "fourth Monday of April";
 *   <li>{@code Easter-N} / {@code Easter+N}: days from Western Easter ("Easter-47": Mardi Gras);
 *   <li>{@code YYYY-MM-DD}: one date (a holiday a governor declared).
 * </ul>
 */
final class Holidays implements Predicate<LocalDate> {
  static final String US_FEDERAL = "US_FEDERAL";

  private static final List<String> FEDERAL =
      List.of(
          "01-01", // New Year's Day
          "third Monday of January", // Birthday of Martin Luther King, Jr.
          "third Monday of February", // Washington's Birthday
          "last Monday of May", // Memorial Day
          "06-19", // Juneteenth National Independence Day
          "07-04", // Independence Day
          "first Monday of September", // Labor Day
          "second Monday of October", // Columbus Day
          "11-11", // Veterans Day
          "fourth Thursday of November", // Thanksgiving Day
          "12-25"); // Christmas Day

  private static final Pattern FIXED = Pattern.compile("(\\d{2})-(\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern NTH =
      Pattern.compile(
          "(first|second|third|fourth|last) ([a-z]+) of ([a-z]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern EASTER = Pattern.compile("Easter([+-]\\d{1,2})?");

  /** One holiday rule: its date in a year (null when none that year). */
  private interface Rule {
    List<LocalDate> in(int year);
  }

  private final List<Rule> rules;
  private final java.util.Map<Integer, Set<LocalDate>> byYear =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Holidays(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * @throws IllegalArgumentException naming the entry that is none of the forms above
   */
  static Holidays parse(List<String> entries) {
    List<Rule> rules = new ArrayList<>();
    for (String entry : entries == null ? List.<String>of() : entries) {
      if (entry == null) {
        throw new IllegalArgumentException("holiday null is not a holiday rule");
      }
      String text = entry.strip();
      if (text.equals(US_FEDERAL)) {
        FEDERAL.forEach(f -> rules.add(rule(f)));
      } else {
        rules.add(rule(text));
      }
    }
    return new Holidays(rules);
  }

  @Override
  public boolean test(LocalDate date) {
    // an observed day may fall in the year before (New Year's Day on a Saturday)
    return ofYear(date.getYear()).contains(date) || ofYear(date.getYear() + 1).contains(date);
  }

  /** The dates the rules give for {@code year}, computed once a year. */
  private Set<LocalDate> ofYear(int year) {
    return byYear.computeIfAbsent(
        year,
        y -> {
          Set<LocalDate> dates = new HashSet<>();
          rules.forEach(rule -> dates.addAll(rule.in(y)));
          return Set.copyOf(dates);
        });
  }

  /** Every holiday in {@code year} (and observed days that fall in it), for the docs and tests. */
  Set<LocalDate> in(int year) {
    Set<LocalDate> all = new HashSet<>();
    for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
      if (test(d)) {
        all.add(d);
      }
    }
    return all;
  }

  private static Rule rule(String text) {
    Matcher fixed = FIXED.matcher(text);
    if (fixed.matches()) {
      MonthDay day = monthDay(text, fixed);
      return year -> observed(day.atYear(year));
    }
    if (DATE.matcher(text).matches()) {
      LocalDate date;
      try {
        date = LocalDate.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw invalid(text);
      }
      return year -> year == date.getYear() ? List.of(date) : List.of();
    }
    Matcher nth = NTH.matcher(text);
    if (nth.matches()) {
      DayOfWeek weekday = weekday(nth.group(2), text);
      Month month = month(nth.group(3), text);
      String which = nth.group(1).toLowerCase(Locale.ROOT);
      return year -> {
        LocalDate first = LocalDate.of(year, month, 1);
        if (which.equals("last")) {
          return List.of(first.with(TemporalAdjusters.lastInMonth(weekday)));
        }
        int n = List.of("first", "second", "third", "fourth").indexOf(which) + 1;
        return List.of(first.with(TemporalAdjusters.dayOfWeekInMonth(n, weekday)));
      };
    }
    Matcher easter = EASTER.matcher(text);
    if (easter.matches()) {
      int offset = easter.group(1) == null ? 0 : Integer.parseInt(easter.group(1));
      return year -> List.of(easter(year).plusDays(offset));
    }
    throw invalid(text);
  }

  /** The date and, when it falls on a weekend, the weekday it is observed on. */
  private static List<LocalDate> observed(LocalDate date) {
    return switch (date.getDayOfWeek()) {
      case SATURDAY -> List.of(date, date.minusDays(1));
      case SUNDAY -> List.of(date, date.plusDays(1));
      default -> List.of(date);
    };
  }

  /** Western Easter Sunday (the anonymous Gregorian computus). */
  static LocalDate easter(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }

  private static MonthDay monthDay(String text, Matcher fixed) {
    try {
      return MonthDay.of(Integer.parseInt(fixed.group(1)), Integer.parseInt(fixed.group(2)));
    } catch (java.time.DateTimeException e) {
      throw invalid(text);
    }
  }

  private static DayOfWeek weekday(String name, String text) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(name)) {
        return day;
      }
    }
    throw invalid(text);
  }

  private static Month month(String name, String text) {
    for (Month month : Month.values()) {
      if (month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(name)) {
        return month;
      }
    }
    throw invalid(text);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "holiday \""
            + text
            + "\" is none of US_FEDERAL, MM-DD, YYYY-MM-DD, \"fourth Monday of April\","
            + " Easter-N");
  }
}

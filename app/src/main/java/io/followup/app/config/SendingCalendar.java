package io.followup.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code SENDING_DAYS} ({@code MON-FRI}, {@code MON,WED,FRI}, {@code MON-WED,SAT}; a range
 * may wrap: {@code FRI-MON}) and {@code HOLIDAYS} (ISO dates separated by commas, or the path of a
 * file of them: one or more per line, {@code #} starts a comment). A value that breaks the rule
 * throws {@link IllegalArgumentException} saying what it must be.
 */
final class SendingCalendar {
  static final String DAYS_RULE =
      "must be days MON..SUN as a range or a list, such as MON-FRI or MON,WED,FRI";
  static final String HOLIDAYS_RULE =
      "must be ISO dates separated by commas (2026-12-25,2027-01-01) or the path of a file of them";

  private static final List<String> NAMES =
      List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  private static final Pattern DATES = Pattern.compile("[0-9\\-,\\s]*");

  private SendingCalendar() {}

  static Set<DayOfWeek> days(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(DAYS_RULE + "; got " + value);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : value.split(",", -1)) {
      String[] range = part.strip().split("-", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException(DAYS_RULE + "; got " + value);
      }
      DayOfWeek from = day(range[0], value);
      DayOfWeek to = range.length == 2 ? day(range[1], value) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String name, String value) {
    int index = NAMES.indexOf(name.strip().toUpperCase(Locale.ROOT));
    if (index < 0) {
      throw new IllegalArgumentException(DAYS_RULE + "; got " + value);
    }
    return DayOfWeek.of(index + 1);
  }

  static List<LocalDate> holidays(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    if (DATES.matcher(value).matches()) {
      return dates(value, value);
    }
    Path file = Path.of(value.strip());
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(HOLIDAYS_RULE + "; cannot read the file " + value);
    }
    StringBuilder all = new StringBuilder();
    for (String line : lines) {
      int comment = line.indexOf('#');
      all.append(comment < 0 ? line : line.substring(0, comment)).append(',');
    }
    return dates(all.toString(), value);
  }

  private static List<LocalDate> dates(String text, String value) {
    List<LocalDate> dates = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(part));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            HOLIDAYS_RULE + "; " + part + " in " + value + " is not one");
      }
    }
    return List.copyOf(dates);
  }
}

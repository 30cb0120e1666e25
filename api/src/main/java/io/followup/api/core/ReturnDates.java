package io.followup.api.core;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day an out-of-office reply says the lead is back, read after "until", "back on", "return on",
 * "returning" and their kin, in the forms people write: {@code 2027-01-04}, {@code 1/4}, {@code
 * 1/4/2027}, {@code 01/04/27} (month first, the US way), {@code January 4}, {@code Jan 4th, 2027},
 * {@code 4 January}, {@code the 4th of January}, a weekday ({@code Monday}: the next one), {@code
 * tomorrow}. Without a year, a day already past this year is next year's. "Until" names the last
 * day away: the lead is back the day after. Pure: {@code today} is the lead's date.
 */
public final class ReturnDates {
  private ReturnDates() {}

  private static final Map<String, Month> MONTHS = new TreeMap<>();
  private static final Map<String, DayOfWeek> DAYS = new TreeMap<>();

  static {
    for (Month m : Month.values()) {
      MONTHS.put(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), m);
      MONTHS.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m);
    }
    MONTHS.put("sept", Month.SEPTEMBER);
    for (DayOfWeek d : DayOfWeek.values()) {
      DAYS.put(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
      DAYS.put(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
    }
  }

  private static final String MONTH =
      "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          + "|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
  private static final String YEAR = "(?:,?\\s+(\\d{4}))?";

  /** The words before the date, and whether they name the last day away ("until") or the return. */
  private static final Pattern CUE =
      Pattern.compile(
          "\\b(until|till|til|through|thru|back on|back|return on|returning on|returning"
              + "|return|in the office on|available on|available again on)\\s+(?:on\\s+)?"
              + "(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\\s+)?",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})\\b");
  private static final Pattern NUMERIC =
      Pattern.compile("^(\\d{1,2})/(\\d{1,2})(?:/(\\d{2}|\\d{4}))?\\b");
  private static final Pattern MONTH_DAY =
      Pattern.compile("^" + MONTH + "\\s+" + DAY + YEAR + "\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DAY_MONTH =
      Pattern.compile(
          "^(?:the\\s+)?" + DAY + "\\s+(?:of\\s+)?" + MONTH + YEAR + "\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern WEEKDAY =
      Pattern.compile(
          "^(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TOMORROW = Pattern.compile("^tomorrow\\b", Pattern.CASE_INSENSITIVE);

  /** The day the lead is back; null when the text names none (or none after {@code today}). */
  public static LocalDate find(String text, LocalDate today) {
    if (text == null) {
      return null;
    }
    Matcher cue = CUE.matcher(text);
    while (cue.find()) {
      String rest = text.substring(cue.end());
      LocalDate day = date(rest, today);
      if (day == null) {
        // "back on Monday": the weekday was taken as the cue's; read it as the date
        day = weekdayInCue(cue.group(), today);
      }
      if (day != null) {
        boolean lastDayAway =
            cue.group(1).toLowerCase(Locale.ROOT).matches("until|till|til|through|thru");
        LocalDate back = lastDayAway ? day.plusDays(1) : day;
        if (back.isAfter(today)) {
          return back;
        }
      }
    }
    return null;
  }

  private static LocalDate weekdayInCue(String cue, LocalDate today) {
    String[] words = cue.strip().replace(",", "").split("\\s+");
    String last = words[words.length - 1].toLowerCase(Locale.ROOT);
    Matcher m = WEEKDAY.matcher(last);
    return m.matches() ? nextWeekday(m.group(1), today) : null;
  }

  private static LocalDate date(String rest, LocalDate today) {
    try {
      Matcher m = ISO.matcher(rest);
      if (m.find()) {
        return LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      }
      m = NUMERIC.matcher(rest);
      if (m.find()) {
        return withYear(
            today, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
      }
      m = MONTH_DAY.matcher(rest);
      if (m.find()) {
        return withYear(today, month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
      }
      m = DAY_MONTH.matcher(rest);
      if (m.find()) {
        return withYear(today, month(m.group(2)), Integer.parseInt(m.group(1)), m.group(3));
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
    Matcher m = WEEKDAY.matcher(rest);
    if (m.find()) {
      return nextWeekday(m.group(1), today);
    }
    return TOMORROW.matcher(rest).find() ? today.plusDays(1) : null;
  }

  private static int month(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace(".", "");
    Month month =
        MONTHS.get(key.length() > 3 && !MONTHS.containsKey(key) ? key.substring(0, 3) : key);
    if (month == null) {
      throw new DateTimeException("no month " + name);
    }
    return month.getValue();
  }

  private static LocalDate withYear(LocalDate today, int month, int day, String year) {
    if (year != null) {
      int y = Integer.parseInt(year);
      return LocalDate.of(y < 100 ? 2000 + y : y, month, day);
    }
    LocalDate thisYear = LocalDate.of(today.getYear(), month, day);
    return thisYear.isBefore(today) ? thisYear.plusYears(1) : thisYear;
  }

  private static LocalDate nextWeekday(String name, LocalDate today) {
    DayOfWeek wanted = DAYS.get(name.toLowerCase(Locale.ROOT).substring(0, 3));
    if (wanted == null) {
      return null;
    }
    LocalDate day = today.plusDays(1);
    while (day.getDayOfWeek() != wanted) {
      day = day.plusDays(1);
    }
    return day;
  }
}

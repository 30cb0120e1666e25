package io.followup.workflows.schedule;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The first instant a send may go out: inside the channel's window (hours, weekdays, holidays) in
 * every zone the lead may be in, inside its region's stricter window, and under its region's cap of
 * calls and texts in any rolling 24 hours. Pure: the same answer for the same arguments and tz
 * data, usable by the worker (the workflow's local activity) and by the API (a schedule preview).
 */
public final class SendRules {
  /**
   * How long a call or text counts against a regional cap: 24 hours and a minute. The rules count a
   * send from the instant they let it go; its hand-over to the provider follows a moment later
   * (milliseconds, more under load), so a send let go exactly 24 hours after another could reach
   * the lead a little less than 24 hours after it. The minute keeps every hand-over of a capped
   * lead's calls and texts more than 24 hours from the one the cap counts from (the proof month
   * found two at 23:59:59.9).
   */
  public static final Duration CAP_PERIOD = Duration.ofHours(24).plusMinutes(1);

  /** Enough for any set of zones whose windows overlap at all; past it they never do. */
  private static final int MAX_ROUNDS = 2_000;

  private SendRules() {}

  /**
   * @param zones where the lead may be (non-empty): a text or call goes only when the window is
   *     open in all of them
   * @param fallbackZone used alone when the windows of {@code zones} never overlap
   * @param window the channel's window; null: any hour
   * @param regional the lead's region's rule; null when it has none (email ignores it)
   * @param recentCallsAndTexts starts of the lead's recent calls and texts, any order
   */
  public static SendSlot firstAllowed(
      Instant notBefore,
      Channel channel,
      List<ZoneId> zones,
      ZoneId fallbackZone,
      SendingWindow window,
      RegionalRule regional,
      List<Instant> recentCallsAndTexts) {
    Objects.requireNonNull(notBefore, "notBefore");
    if (zones == null || zones.isEmpty()) {
      zones = List.of(fallbackZone);
    }
    boolean regionApplies = regional != null && channel.isVoiceOrText();
    if (window == null && !regionApplies) {
      return SendSlot.now(notBefore);
    }
    SendingWindow base = window == null ? SendingWindow.ALWAYS : window;
    LocalWindow effective = regionApplies ? new RegionalWindow(base, regional) : base;
    int cap = regionApplies ? regional.maxAttemptsPer24Hours() : 0;
    List<Instant> counted =
        recentCallsAndTexts == null
            ? List.of()
            : recentCallsAndTexts.stream()
                .filter(Objects::nonNull)
                .filter(at -> at.isAfter(notBefore.minus(CAP_PERIOD)) && !at.isAfter(notBefore))
                .sorted()
                .toList();

    Instant from = notBefore;
    String rule = null;
    if (cap > 0 && counted.size() >= cap) {
      // the oldest send that keeps the count at the cap must be a day (and a minute) old
      from = counted.get(counted.size() - cap).plus(CAP_PERIOD);
      rule = SendSlot.REGIONAL_CAP;
    }
    Instant opening = openInAll(effective, from, zones);
    if (opening == null) {
      zones = List.of(fallbackZone);
      opening = openInAll(effective, from, zones);
    }
    if (rule == null && opening.isAfter(from)) {
      rule = why(base, regionApplies ? regional : null, from, zones, opening);
    }
    return new SendSlot(
        opening,
        rule,
        regionApplies ? regional.region() : null,
        counted.size(),
        cap,
        closesAt(effective, opening, zones));
  }

  /**
   * When the window open at {@code at} first closes in any of the zones. A window that closes at
   * midnight and opens again at once (00:00 to 24:00, or a region's hours that reach midnight
   * before an open day) goes on: its close is looked for past midnight, over at most {@link
   * #CLOSE_LOOKAHEAD} (further than any provider's validity; Twilio's is 10 hours).
   */
  private static Instant closesAt(LocalWindow window, Instant at, List<ZoneId> zones) {
    Instant earliest = null;
    Instant horizon = at.plus(CLOSE_LOOKAHEAD);
    for (ZoneId zone : zones) {
      Instant closing = window.closing(at, zone);
      while (closing != null
          && closing.isBefore(horizon)
          && window.nextOpening(closing, zone).equals(closing)) {
        Instant next = window.closing(closing, zone);
        if (next == null || !next.isAfter(closing)) {
          break;
        }
        closing = next;
      }
      if (closing != null && (earliest == null || closing.isBefore(earliest))) {
        earliest = closing;
      }
    }
    return earliest;
  }

  /** How far past {@code at} {@link #closesAt} follows a window that goes on past midnight. */
  private static final Duration CLOSE_LOOKAHEAD = Duration.ofHours(48);

  /**
   * The first instant at or after {@code from} when {@code window} is open in every zone; null when
   * there is none within a year.
   */
  public static Instant openInAll(LocalWindow window, Instant from, List<ZoneId> zones) {
    Instant at = from;
    Instant limit = from.plus(Duration.ofDays(366));
    for (int round = 0; round < MAX_ROUNDS && !at.isAfter(limit); round++) {
      Instant latest = at;
      for (ZoneId zone : zones) {
        Instant opening;
        try {
          opening = window.nextOpening(at, zone);
        } catch (IllegalStateException never) {
          return null;
        }
        if (opening.isAfter(latest)) {
          latest = opening;
        }
      }
      if (latest.equals(at)) {
        return at;
      }
      // no instant in [at, latest) is open everywhere: each zone's opening is its first
      at = latest;
    }
    return null;
  }

  /**
   * Which rule closed the window at {@code from}: the region's (a holiday, a day, its hours), or
   * the organisation's (a holiday, a day, hours).
   */
  private static String why(
      SendingWindow base,
      RegionalRule regional,
      Instant from,
      List<ZoneId> zones,
      Instant opening) {
    Instant baseOpening = openInAll(base, from, zones);
    if (baseOpening == null || opening.isAfter(baseOpening)) {
      // the organisation would have sent at baseOpening: the region closed that day, or its hours
      Instant asked = baseOpening == null ? from : baseOpening;
      for (ZoneId zone : zones) {
        String closed = regional.closedBecause(asked.atZone(zone).toLocalDate());
        if (closed != null) {
          return closed;
        }
      }
      return SendSlot.REGIONAL_WINDOW;
    }
    for (ZoneId zone : zones) {
      if (base.nextOpening(from, zone).isAfter(from)) {
        LocalDate date = from.atZone(zone).toLocalDate();
        if (base.holidays().contains(date)) {
          return SendSlot.HOLIDAY;
        }
        if (!base.days().contains(date.getDayOfWeek())) {
          return SendSlot.SENDING_DAYS;
        }
        return SendSlot.SENDING_WINDOW;
      }
    }
    return SendSlot.SENDING_WINDOW;
  }
}

package io.followup.workflows.schedule;

import java.time.Instant;
import java.time.ZoneId;

/** When sends may go out in a zone's local time: the organisation's window, or a region's. */
public interface LocalWindow {
  /**
   * The first instant at or after {@code now} inside the window, in {@code zone}.
   *
   * @throws IllegalStateException when it never opens in the next year
   */
  Instant nextOpening(Instant now, ZoneId zone);

  /**
   * When the window open at {@code at} closes in {@code zone}: the end of that local day's hours
   * (midnight for a window open to the end of the day); null when it is not open at {@code at}.
   */
  Instant closing(Instant at, ZoneId zone);
}

package io.followup.workflows.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The organisation's cap of sends per lead in any rolling 24 hours ({@code maxSendsPerLeadPerDay}):
 * a send counts for 24 hours from its start. Pure: the workflow applies it at due time and the
 * API's schedule preview over the sends it simulates.
 */
public final class DailyCap {
  private static final Duration DAY = Duration.ofHours(24);

  private DailyCap() {}

  /**
   * When the next send may go under the cap, or null when it may go at {@code now}: with the cap
   * reached, once the oldest send that keeps the count at the cap is 24 hours old (strictly after
   * now, so a deferral never loops).
   *
   * @param recentSends when the lead's latest sends started, oldest first; those at or before
   *     {@code now - 24h} no longer count
   */
  public static Instant opening(List<Instant> recentSends, int cap, Instant now) {
    Instant cutoff = now.minus(DAY);
    List<Instant> counted = recentSends.stream().filter(at -> at.isAfter(cutoff)).toList();
    if (cap <= 0 || counted.size() < cap) {
      return null;
    }
    return counted.get(counted.size() - cap).plus(DAY);
  }
}

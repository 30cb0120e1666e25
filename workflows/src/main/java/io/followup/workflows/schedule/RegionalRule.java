package io.followup.workflows.schedule;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A region's own limits on calls and texts to a lead located there (a US state's telemarketing
 * statute, say): a stricter local window and a cap of attempts in any rolling 24 hours. Email is
 * not bound by it.
 *
 * @param region short code, {@code US-FL}
 * @param windowStart null: the organisation's window start holds
 * @param windowEnd null: the organisation's window end holds ({@link LocalTime#MAX}: midnight)
 * @param maxAttemptsPer24Hours calls and texts on the same lead in any 24 hours; 0: no cap
 */
public record RegionalRule(
    String region, LocalTime windowStart, LocalTime windowEnd, int maxAttemptsPer24Hours) {

  public RegionalRule {
    Objects.requireNonNull(region, "region");
    if (maxAttemptsPer24Hours < 0) {
      throw new IllegalArgumentException("a regional cap cannot be negative");
    }
    if (windowStart != null && windowEnd != null && !windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException("a regional window's end must be after its start");
    }
  }
}

package io.followup.store.strategies;

import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy's results: sends that reached the provider, and the sends a reply was credited to
 * (within the reply attribution window, by the inbound path), overall and per follow-up step.
 *
 * @param steps per step number; replies whose step is unknown count overall only
 */
public record StrategyResults(long sends, long replies, Map<Integer, StrategyResults> steps) {
  public static final StrategyResults NONE = new StrategyResults(0, 0, Map.of());

  /** Replies per send, 0 before the first send. */
  public double replyRate() {
    return sends == 0 ? 0 : (double) replies / sends;
  }

  /** Results from per-step counts of one strategy. */
  static StrategyResults of(
      Iterable<StrategyDao.Count> sends, Iterable<StrategyDao.Count> replies) {
    Map<Integer, long[]> steps = new TreeMap<>();
    long sent = 0;
    long replied = 0;
    for (StrategyDao.Count c : sends) {
      sent += c.count();
      if (c.followUpStep() != null) {
        steps.computeIfAbsent(c.followUpStep(), k -> new long[2])[0] += c.count();
      }
    }
    for (StrategyDao.Count c : replies) {
      replied += c.count();
      if (c.followUpStep() != null) {
        steps.computeIfAbsent(c.followUpStep(), k -> new long[2])[1] += c.count();
      }
    }
    Map<Integer, StrategyResults> perStep = new TreeMap<>();
    steps.forEach((step, n) -> perStep.put(step, new StrategyResults(n[0], n[1], Map.of())));
    return new StrategyResults(sent, replied, perStep);
  }
}

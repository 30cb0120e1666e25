package io.followup.domain.strategy;

/**
 * What a strategy got so far: its sends and the replies credited to them.
 *
 * @param sends sends that reached the provider (not failed, blocked or unconfirmed)
 * @param replies credited sends (a send is credited once, however many replies follow)
 */
public record StrategyTally(String strategyId, long sends, long replies) {
  public static StrategyTally none(String strategyId) {
    return new StrategyTally(strategyId, 0, 0);
  }

  /** Replies per send; 0 before the first send. */
  public double replyRate() {
    return sends == 0 ? 0 : (double) replies / sends;
  }
}

package io.followup.api.core;

import io.followup.workflows.model.Channel;
import java.util.Map;
import java.util.Optional;

/**
 * The strategy catalogue as a follow-up config sees it: which ids exist, and their channel. What
 * {@link LeadRequests} checks {@code strategyIds} against (the workflow's validator cannot read the
 * database, so this check happens in the API, before the update).
 */
@FunctionalInterface
public interface StrategyLookup {

  /** The strategy's channel; empty when no strategy has this id. Active or not. */
  Optional<Channel> channelOf(String strategyId);

  /** An empty catalogue: every id is unknown. */
  static StrategyLookup none() {
    return id -> Optional.empty();
  }

  /** A fixed catalogue (tests). */
  static StrategyLookup of(Map<String, Channel> strategies) {
    Map<String, Channel> copy = Map.copyOf(strategies);
    return id -> Optional.ofNullable(copy.get(id));
  }
}

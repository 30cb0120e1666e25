package io.followup.api.core;

import io.followup.workflows.model.Channel;
import java.util.Collection;
import java.util.HashMap;
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

  /**
   * The channels of those of {@code ids} that exist (an unknown id is absent from the map). The
   * catalogue answers a whole follow-up config at once; this default asks id by id.
   */
  default Map<String, Channel> channelsOf(Collection<String> ids) {
    Map<String, Channel> found = new HashMap<>();
    for (String id : ids) {
      channelOf(id).ifPresent(channel -> found.put(id, channel));
    }
    return found;
  }

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

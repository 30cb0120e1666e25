package io.followup.domain.strategy;

import io.followup.workflows.model.Channel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A catalogue in memory: strategies, tallies a test sets, and the kept picks. */
public final class InMemoryStrategyCatalog implements StrategyCatalog {
  private final Map<String, Strategy> strategies = new ConcurrentHashMap<>();
  private final Map<String, StrategyTally> tallies = new ConcurrentHashMap<>();
  public final Map<String, Pick> picks = new ConcurrentHashMap<>();

  public InMemoryStrategyCatalog put(Strategy strategy) {
    strategies.put(strategy.id(), strategy);
    return this;
  }

  public InMemoryStrategyCatalog tally(String id, long sends, long replies) {
    tallies.put(id, new StrategyTally(id, sends, replies));
    return this;
  }

  public static Strategy text(String id, String template) {
    return new Strategy(id, "Strategy " + id, Channel.TEXT, template, null, true);
  }

  @Override
  public List<Strategy> active(Channel channel) {
    return strategies.values().stream().filter(s -> s.active() && s.channel() == channel).toList();
  }

  @Override
  public List<Strategy> find(Collection<String> ids) {
    return ids.stream().map(strategies::get).filter(s -> s != null).toList();
  }

  @Override
  public Map<String, StrategyTally> tallies(Collection<String> strategyIds) {
    Map<String, StrategyTally> found = new LinkedHashMap<>();
    for (String id : strategyIds) {
      if (tallies.containsKey(id)) {
        found.put(id, tallies.get(id));
      }
    }
    return found;
  }

  @Override
  public Optional<Pick> keptPick(String idempotencyKey) {
    return Optional.ofNullable(picks.get(idempotencyKey));
  }

  @Override
  public Pick keepPick(String idempotencyKey, Pick pick) {
    return picks.computeIfAbsent(idempotencyKey, k -> pick);
  }
}

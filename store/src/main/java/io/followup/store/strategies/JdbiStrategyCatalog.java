package io.followup.store.strategies;

import io.followup.domain.strategy.Strategy;
import io.followup.domain.strategy.StrategyCatalog;
import io.followup.domain.strategy.StrategyTally;
import io.followup.store.Sql;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The strategy catalogue the send activities pick from, in the database. */
public final class JdbiStrategyCatalog implements StrategyCatalog {
  private final Jdbi jdbi;
  private final Clock clock;

  public JdbiStrategyCatalog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public List<Strategy> active(Channel channel) {
    return Sql.forActivity(
        () ->
            jdbi.withExtension(StrategyDao.class, dao -> dao.active(channel.wireName())).stream()
                .map(JdbiStrategyCatalog::toStrategy)
                .toList());
  }

  @Override
  public List<Strategy> find(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return Sql.forActivity(
        () ->
            jdbi.withExtension(StrategyDao.class, dao -> dao.findAll(ids)).stream()
                .map(JdbiStrategyCatalog::toStrategy)
                .toList());
  }

  @Override
  public Map<String, StrategyTally> tallies(Collection<String> strategyIds) {
    if (strategyIds.isEmpty()) {
      return Map.of();
    }
    Map<String, StrategyResults> results =
        Sql.forActivity(() -> jdbi.withHandle(h -> StrategyStats.results(h, strategyIds)));
    Map<String, StrategyTally> tallies = new HashMap<>();
    results.forEach(
        (id, r) ->
            tallies.put(id, new StrategyTally(id, r.sends(), Math.min(r.replies(), r.sends()))));
    return tallies;
  }

  @Override
  public Optional<Pick> keptPick(String idempotencyKey) {
    // a row whose strategy_id is null is a kept pick of the default message
    List<String> rows =
        Sql.forActivity(
            () -> jdbi.withExtension(StrategyDao.class, dao -> dao.pick(idempotencyKey)));
    return rows.isEmpty() ? Optional.empty() : Optional.of(new Pick(rows.get(0)));
  }

  @Override
  public Pick keepPick(String idempotencyKey, Pick pick) {
    return Sql.forActivity(
        () -> {
          try {
            jdbi.useExtension(
                StrategyDao.class,
                dao -> dao.insertPick(idempotencyKey, pick.strategyId(), clock.instant()));
            return pick;
          } catch (RuntimeException e) {
            if (!Sql.isUniqueViolation(e)) {
              throw e;
            }
            // a concurrent attempt kept its pick first: that one stands
            return keptPick(idempotencyKey).orElseThrow(() -> e);
          }
        });
  }

  static Strategy toStrategy(StrategyRow row) {
    return new Strategy(
        row.id(),
        row.name(),
        Channel.fromWire(row.channel()),
        row.template(),
        row.subject(),
        row.active());
  }
}

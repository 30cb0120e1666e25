package io.followup.domain.strategy;

import io.followup.workflows.model.Channel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The strategies a send may pick from, what each got so far, and the pick of every send (kept under
 * the send's idempotency key, so a retried or resumed attempt sends what the first picked).
 */
public interface StrategyCatalog {

  /** The active strategies of a channel. */
  List<Strategy> active(Channel channel);

  /** The strategies with these ids, active or not; unknown ids are left out. */
  List<Strategy> find(Collection<String> ids);

  /** Sends and credited replies of each of these strategies (a strategy without any: absent). */
  Map<String, StrategyTally> tallies(Collection<String> strategyIds);

  /**
   * The pick an earlier attempt of this send kept; empty when none did. A kept pick of "no
   * strategy" (the channel's default message) is {@code Optional.of(Pick.NONE)}.
   */
  Optional<Pick> keptPick(String idempotencyKey);

  /**
   * Keeps this send's pick unless one is kept already; either way returns the kept one (the first
   * wins).
   */
  Pick keepPick(String idempotencyKey, Pick pick);

  /**
   * @param strategyId null: the channel's default message
   */
  record Pick(String strategyId) {
    public static final Pick NONE = new Pick(null);
  }

  /** No catalogue: every send uses its channel's default message. */
  StrategyCatalog NONE =
      new StrategyCatalog() {
        @Override
        public List<Strategy> active(Channel channel) {
          return List.of();
        }

        @Override
        public List<Strategy> find(Collection<String> ids) {
          return List.of();
        }

        @Override
        public Map<String, StrategyTally> tallies(Collection<String> strategyIds) {
          return Map.of();
        }

        @Override
        public Optional<Pick> keptPick(String idempotencyKey) {
          return Optional.empty();
        }

        @Override
        public Pick keepPick(String idempotencyKey, Pick pick) {
          return pick;
        }
      };
}

package io.followup.worker.strategy;

import io.followup.domain.strategy.InMemoryStrategyCatalog;
import io.followup.workflows.model.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded simulation of "auto": leads arrive one after the other, each gets one text whose
 * strategy {@link StrategyPicker} picks (the production path: Thompson sampling seeded by the
 * send's idempotency key, the pick kept in the catalogue), and the lead replies with its strategy's
 * probability (drawn from a random source seeded by {@code seed}). A reply credits the pick before
 * the next lead's send.
 */
final class StrategySimulation {
  /** Each strategy's true reply rate: {@code best} replies 3 times as often as the others. */
  static final Map<String, Double> REPLY_RATES = Map.of("best", 0.15, "plain", 0.05, "pushy", 0.05);

  private StrategySimulation() {}

  /** The strategy picked for each lead, in order. */
  static List<String> run(long seed, int leads) {
    InMemoryStrategyCatalog catalog = new InMemoryStrategyCatalog();
    REPLY_RATES.keySet().forEach(id -> catalog.put(InMemoryStrategyCatalog.text(id, id)));
    StrategyPicker picker = new StrategyPicker(catalog);
    SplittableRandom replies = new SplittableRandom(seed);
    Map<String, long[]> tallies = new java.util.TreeMap<>();
    REPLY_RATES.keySet().forEach(id -> tallies.put(id, new long[2]));
    List<String> picks = new ArrayList<>(leads);
    for (int lead = 0; lead < leads; lead++) {
      String key = "sim-" + seed + "-lead-" + lead + ":1";
      String picked =
          picker.choose(key, Channel.TEXT, List.of("auto")).orElseThrow().strategy().id();
      picks.add(picked);
      long[] tally = tallies.get(picked);
      tally[0]++;
      if (replies.nextDouble() < REPLY_RATES.get(picked)) {
        tally[1]++;
      }
      catalog.tally(picked, tally[0], tally[1]);
    }
    return picks;
  }

  /** The share of picks going to {@code id} in each bucket of {@code size} leads. */
  static List<Double> shares(List<String> picks, String id, int size) {
    List<Double> shares = new ArrayList<>();
    for (int from = 0; from < picks.size(); from += size) {
      List<String> bucket = picks.subList(from, Math.min(picks.size(), from + size));
      shares.add(bucket.stream().filter(id::equals).count() / (double) bucket.size());
    }
    return shares;
  }

  static double share(List<String> picks, String id) {
    return picks.stream().filter(id::equals).count() / (double) picks.size();
  }
}

package io.followup.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * "auto" learns: over 2,000 leads, where one of three strategies gets replies at 3 times the rate
 * of the others, it ends up sending that one most of the time. The curve goes to {@code
 * target/strategy-simulation.md} (docs/STRATEGIES.md shows it).
 */
class StrategySimulationTest {
  private static final long SEED = 20261203L;
  private static final int LEADS = 2_000;
  private static final int BUCKET = 200;

  @Test
  void autoSendsTheBestStrategyToMoreThan70PercentOfTheSecondHalf() throws IOException {
    List<String> picks = StrategySimulation.run(SEED, LEADS);

    List<String> secondHalf = picks.subList(LEADS / 2, LEADS);
    assertThat(StrategySimulation.share(secondHalf, "best")).isGreaterThan(0.70);
    List<Double> curve = StrategySimulation.shares(picks, "best", BUCKET);
    assertThat(curve.get(curve.size() - 1)).isGreaterThan(curve.get(0));
    write(picks, curve);
  }

  @Test
  void theSameSeedGivesTheSamePicks() {
    assertThat(StrategySimulation.run(SEED, 500)).isEqualTo(StrategySimulation.run(SEED, 500));
    assertThat(StrategySimulation.run(SEED + 1, 500))
        .isNotEqualTo(StrategySimulation.run(SEED, 500));
  }

  @Test
  void otherSeedsLearnTooNotJustTheChosenOne() {
    for (long seed = 1; seed <= 5; seed++) {
      List<String> picks = StrategySimulation.run(seed, LEADS);
      assertThat(StrategySimulation.share(picks.subList(LEADS / 2, LEADS), "best"))
          .as("seed %d", seed)
          .isGreaterThan(0.70);
    }
  }

  private static void write(List<String> picks, List<Double> curve) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Seed %d, %d leads, reply rates %s; share of picks going to `best` per %d leads:%n%n",
            SEED,
            LEADS,
            new java.util.TreeMap<>(StrategySimulation.REPLY_RATES),
            BUCKET));
    md.append("| Leads | Share to `best` |\n|---|---|\n");
    for (int i = 0; i < curve.size(); i++) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d-%d | %.1f%% |%n",
              i * BUCKET + 1,
              Math.min(LEADS, (i + 1) * BUCKET),
              100 * curve.get(i)));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nFirst half: %.1f%%; second half: %.1f%%.%n",
            100 * StrategySimulation.share(picks.subList(0, LEADS / 2), "best"),
            100 * StrategySimulation.share(picks.subList(LEADS / 2, LEADS), "best")));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/strategy-simulation.md"), md.toString());
  }
}

package io.followup.worker.strategy;

import io.followup.domain.strategy.StrategyTally;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The "auto" pick: Thompson sampling over reply rates. Each strategy's reply rate is drawn from its
 * posterior Beta(1 + replies, 1 + sends - replies) (a uniform prior, so a new strategy draws from
 * the whole range and gets tried), and the highest draw wins. A pure function of the tallies and
 * the random source: the same seed gives the same pick.
 */
public final class ThompsonSampling {
  private ThompsonSampling() {}

  /**
   * @param arms the candidates, in a stable order (a tie goes to the first)
   * @return the id of the picked arm
   * @throws IllegalArgumentException when there is no arm
   */
  public static String pick(List<StrategyTally> arms, RandomGenerator random) {
    if (arms.isEmpty()) {
      throw new IllegalArgumentException("nothing to pick from");
    }
    String best = null;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (StrategyTally arm : arms) {
      long replies = Math.max(0, Math.min(arm.replies(), arm.sends()));
      double draw = beta(1 + replies, 1 + (arm.sends() - replies), random);
      if (draw > bestDraw) {
        best = arm.strategyId();
        bestDraw = draw;
      }
    }
    return best;
  }

  /** The random source of one send's pick, seeded by its idempotency key. */
  public static RandomGenerator randomFor(String idempotencyKey) {
    return new SplittableRandom(seed(idempotencyKey));
  }

  /** A 64-bit seed from a key: the first 8 bytes of its SHA-256. */
  public static long seed(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (hash[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** A draw from Beta(a, b), as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  static double beta(double a, double b, RandomGenerator random) {
    double x = gamma(a, random);
    double y = gamma(b, random);
    return x / (x + y);
  }

  /** A draw from Gamma(shape, 1): Marsaglia and Tsang's method (boosted below shape 1). */
  static double gamma(double shape, RandomGenerator random) {
    if (shape < 1) {
      return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}

package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.app.FollowUpConfiguration;
import org.junit.jupiter.api.Test;

/** The API's rate-limit settings: bad values stop the start naming their variable. */
class ApiSettingsTest {

  private static FollowUpConfiguration.Api api(long perSecond, long burst) {
    FollowUpConfiguration.Api api = new FollowUpConfiguration.Api();
    api.rateLimitPerSecond = perSecond;
    api.rateLimitBurst = burst;
    return api;
  }

  @Test
  void theDefaultsLimitAndBreakNoRule() {
    FollowUpConfiguration.Api defaults = new FollowUpConfiguration.Api();
    assertThat(Violations.of(defaults)).isEmpty();
    assertThat(defaults.rateLimitPerSecond).isPositive();
    assertThat(defaults.rateLimitBurst).isGreaterThanOrEqualTo(defaults.rateLimitPerSecond);
  }

  @Test
  void zeroTurnsTheLimitOffWhateverTheBurst() {
    assertThat(Violations.of(api(0, 0))).isEmpty();
  }

  @Test
  void aNegativeRateOrAnEmptyBucketNamesItsVariable() {
    assertThat(Violations.of(api(-1, 10)))
        .singleElement()
        .asString()
        .startsWith("RATE_LIMIT_PER_SECOND: must be 0 (no limit) or more");
    assertThat(Violations.of(api(5, 0)))
        .singleElement()
        .asString()
        .startsWith("RATE_LIMIT_BURST: must be 1 or more");
  }
}

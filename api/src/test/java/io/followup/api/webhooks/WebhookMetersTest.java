package io.followup.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class WebhookMetersTest {
  @Test
  void bothOutcomesExistAtZeroBeforeTheFirstDelivery() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new WebhookMeters(registry);

    assertThat(registry.get(WebhookMeters.DELIVERIES).counters())
        .extracting(c -> c.getId().getTag("outcome"), Counter::count)
        .containsExactlyInAnyOrder(tuple("delivered", 0.0), tuple("failed", 0.0));
  }
}

package io.followup.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The request id through Temporal headers: what one thread's MDC holds arrives in the MDC of the
 * thread that runs the task, and a task without an id clears an id left on a reused thread.
 */
class RequestIdsTest {
  private final RequestIds propagator = new RequestIds();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void theIdTravelsFromOneThreadsMdcToAnothers() {
    MDC.put(RequestIds.MDC_KEY, "req-7");
    Map<String, Payload> header = propagator.serializeContext(propagator.getCurrentContext());
    MDC.clear();

    propagator.setCurrentContext(propagator.deserializeContext(header));
    assertThat(MDC.get(RequestIds.MDC_KEY)).isEqualTo("req-7");
    assertThat(RequestIds.current()).isEqualTo("req-7");
  }

  @Test
  void noIdClearsAnIdLeftOnTheThread() {
    Map<String, Payload> header = propagator.serializeContext(propagator.getCurrentContext());
    MDC.put(RequestIds.MDC_KEY, "stale");
    propagator.setCurrentContext(propagator.deserializeContext(header));
    assertThat(MDC.get(RequestIds.MDC_KEY)).isNull();

    MDC.put(RequestIds.MDC_KEY, "stale");
    propagator.setCurrentContext(propagator.deserializeContext(Map.of()));
    assertThat(RequestIds.current()).isNull();
  }
}

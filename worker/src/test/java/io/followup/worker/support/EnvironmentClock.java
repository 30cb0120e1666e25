package io.followup.worker.support;

import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time-skipping environment's time as a {@link Clock}, for the senders of a timeline test: a
 * text's window closes on the workflow's clock, so the worker must read the same time.
 */
public final class EnvironmentClock extends Clock {
  private final TestWorkflowEnvironment env;

  public EnvironmentClock(TestWorkflowEnvironment env) {
    this.env = env;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}

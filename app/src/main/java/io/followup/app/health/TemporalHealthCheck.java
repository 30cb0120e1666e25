package io.followup.app.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Temporal answers a cheap call within two seconds. */
public final class TemporalHealthCheck extends HealthCheck {
  private final Supplier<WorkflowServiceStubs> service;

  /**
   * @param service asked on every check: the embedded run replaces its service now and then
   */
  public TemporalHealthCheck(Supplier<WorkflowServiceStubs> service) {
    this.service = service;
  }

  @Override
  protected Result check() {
    try {
      service
          .get()
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy();
    } catch (RuntimeException e) {
      return Result.unhealthy("Temporal unreachable: " + e.getClass().getSimpleName());
    }
  }
}

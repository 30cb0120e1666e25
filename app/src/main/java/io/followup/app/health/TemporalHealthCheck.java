package io.followup.app.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Temporal answers a cheap call within two seconds. */
public final class TemporalHealthCheck extends HealthCheck {
  private final WorkflowServiceStubs service;

  public TemporalHealthCheck(WorkflowServiceStubs service) {
    this.service = service;
  }

  @Override
  protected Result check() {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy();
    } catch (RuntimeException e) {
      return Result.unhealthy("Temporal unreachable: " + e.getClass().getSimpleName());
    }
  }
}

package io.followup.app.support;

import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-memory Temporal service of a packaged jar's embedded run, reached on its {@code
 * TEMPORAL_PORT}: its clock (to skip time on instead of waiting) and the lead workflows it runs (to
 * ask what they hold).
 */
public final class JarTemporal implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  public JarTemporal(int port) {
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    this.client = WorkflowClient.newInstance(service);
  }

  /** The service's time. */
  public Instant now() {
    return TemporalTime.now(service.getRawChannel());
  }

  /** Lets time pass on the service until just after {@code due} (nothing when it has already). */
  public void skipPast(Instant due) {
    Instant now = now();
    if (now.isBefore(due)) {
      skip(Duration.between(now, due).plusSeconds(1));
    }
  }

  public void skip(Duration by) {
    TemporalTime.skip(service.getRawChannel(), by);
  }

  /**
   * Waits until the lead's workflow answers {@code query} with a value {@code done} accepts (a
   * workflow the process is still re-creating does not answer yet), and returns it.
   */
  public <T> T await(
      String leadId,
      Function<LeadFollowUpWorkflow, T> query,
      java.util.function.Predicate<T> done) {
    return Poll.until(
            Duration.ofSeconds(60),
            () -> {
              try {
                return Optional.of(
                    query.apply(
                        client.newWorkflowStub(
                            LeadFollowUpWorkflow.class, WorkflowIds.forLead(leadId))));
              } catch (RuntimeException notYet) {
                return Optional.<T>empty();
              }
            },
            answer -> answer.isPresent() && done.test(answer.get()))
        .get();
  }

  @Override
  public void close() {
    service.shutdownNow();
  }
}

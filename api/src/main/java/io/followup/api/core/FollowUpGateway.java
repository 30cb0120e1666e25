package io.followup.api.core;

import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.RequestIds;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a change to a lead's workflow (update-with-start) under a deadline, and turns what can go
 * wrong into API answers: a broken rule is a 400, an unreachable or slow Temporal a 503.
 */
public final class FollowUpGateway {
  private static final Logger log = LoggerFactory.getLogger(FollowUpGateway.class);

  private final Supplier<WorkflowClient> client;
  private final FollowUpOptions options;
  private final Duration deadline;
  private final ExecutorService calls;

  /**
   * @param client asked on every call: the embedded run replaces its in-memory Temporal service
   *     (and so its client) now and then
   */
  public FollowUpGateway(
      Supplier<WorkflowClient> client,
      FollowUpOptions options,
      Duration deadline,
      ExecutorService calls) {
    this.client = client;
    this.options = options;
    this.deadline = deadline;
    this.calls = calls;
  }

  public FollowUpOptions options() {
    return options;
  }

  /**
   * @param projection the stored state: a run started here (first change, or a lead whose workflow
   *     closed or vanished) resumes from it
   */
  public FollowUpState apply(FollowUpState projection, FollowUpChange change, String updateId) {
    LeadFollowUpInput input = new LeadFollowUpInput(projection.leadId(), projection, options);
    // the request id goes with the change (to a running workflow) and, through the MDC of the
    // calling thread, into the headers of a workflow started here (RequestIds)
    FollowUpChange withSettings = change.withOptions(options).withRequestId(RequestIds.current());
    return call(
        projection.leadId(),
        "follow-up change",
        () -> LeadWorkflows.applyWithStart(client.get(), input, withSettings, updateId));
  }

  /**
   * Tells the lead's workflow what the lead said (an inbound text), starting it from {@code
   * projection} when no run is open.
   *
   * @param updateId the same for a callback sent twice, so the workflow applies it once
   */
  public FollowUpState recordInbound(FollowUpState projection, Inbound inbound, String updateId) {
    LeadFollowUpInput input = new LeadFollowUpInput(projection.leadId(), projection, options);
    return call(
        projection.leadId(),
        "inbound text",
        () -> LeadWorkflows.recordInboundWithStart(client.get(), input, inbound, updateId));
  }

  private FollowUpState call(String leadId, String what, Callable<FollowUpState> work) {
    String requestId = RequestIds.current();
    Future<FollowUpState> call =
        calls.submit(
            () -> {
              RequestIds.use(requestId);
              try {
                return work.call();
              } finally {
                RequestIds.use(null);
              }
            });
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      log.warn("{} of lead {} passed its {} deadline", what, leadId, deadline);
      throw new ApiException(
          503,
          "Temporal did not answer within "
              + deadline.toSeconds()
              + " s; nothing was stored. Retry the same request: the change is applied once");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Temporal");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      var rejection = LeadWorkflows.rejection(cause);
      if (rejection.isPresent()) {
        log.info(
            "{} of lead {} rejected: {}: {}",
            what,
            leadId,
            rejection.get().field(),
            rejection.get().rule());
        throw ApiException.badRequest(rejection.get().field(), rejection.get().rule());
      }
      if (isUnavailable(cause)) {
        log.warn("Temporal unavailable for lead {}: {}", leadId, cause.toString());
        throw ApiException.unavailable("Temporal");
      }
      throw new IllegalStateException(what + " of lead " + leadId + " failed", cause);
    }
  }

  /**
   * Best effort, in the background: terminates the workflow of a lead that was not stored (its
   * create failed after the workflow started), so it does not run on its own.
   */
  public void discard(String leadId) {
    calls.execute(
        () -> {
          try {
            client
                .get()
                .newUntypedWorkflowStub(WorkflowIds.forLead(leadId))
                .terminate("the lead's create failed; it was not stored");
          } catch (RuntimeException e) {
            log.info(
                "no workflow to discard for unstored lead {}: {}",
                leadId,
                e.getClass().getSimpleName());
          }
        });
  }

  static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        Status.Code code = status.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE
            || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.RESOURCE_EXHAUSTED
            || code == Status.Code.CANCELLED;
      }
    }
    return false;
  }
}

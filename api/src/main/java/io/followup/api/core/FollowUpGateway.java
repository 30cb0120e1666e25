package io.followup.api.core;

import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.RequestIds;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a change to a lead's workflow (an Update; update-with-start when no run is open) under a
 * deadline, and turns what can go wrong into API answers: a broken rule is a 400, an unreachable or
 * slow Temporal a 503.
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
    return call(projection, change, updateId, false);
  }

  /**
   * A new lead's first change: update-with-start at once (no run can be open yet, so {@link
   * #apply}'s plain Update would only cost a round trip that fails).
   */
  public FollowUpState start(FollowUpState projection, FollowUpChange change, String updateId) {
    return call(projection, change, updateId, true);
  }

  private FollowUpState call(
      FollowUpState projection, FollowUpChange change, String updateId, boolean start) {
    LeadFollowUpInput input = new LeadFollowUpInput(projection.leadId(), projection, options);
    // the request id goes with the change (to a running workflow) and, through the MDC of the
    // calling thread, into the headers of a workflow started here (RequestIds)
    String requestId = RequestIds.current();
    FollowUpChange withSettings = change.withOptions(options).withRequestId(requestId);
    Future<FollowUpState> call =
        calls.submit(
            () -> {
              RequestIds.use(requestId);
              try {
                return start
                    ? LeadWorkflows.applyWithStart(client.get(), input, withSettings, updateId)
                    : LeadWorkflows.apply(client.get(), input, withSettings, updateId);
              } finally {
                RequestIds.use(null);
              }
            });
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      log.warn("follow-up change of lead {} passed its {} deadline", projection.leadId(), deadline);
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
            "follow-up change of lead {} rejected: {}: {}",
            projection.leadId(),
            rejection.get().field(),
            rejection.get().rule());
        throw ApiException.badRequest(rejection.get().field(), rejection.get().rule());
      }
      if (isUnavailable(cause)) {
        log.warn("Temporal unavailable for lead {}: {}", projection.leadId(), cause.toString());
        throw ApiException.unavailable("Temporal");
      }
      throw new IllegalStateException(
          "follow-up change of lead " + projection.leadId() + " failed", cause);
    }
  }

  /**
   * Hands a one-off message to the lead's workflow (update-with-start) under the deadline and
   * returns it as the workflow accepted it. An opted-out lead, or a stopped one without {@code
   * sendWhenOff}, is a 409 (the workflow's view, which may be newer than the stored one).
   *
   * @param projection the stored state: a run started here resumes from it
   * @param pending the lead's other accepted, unsent messages: a run started here sends them too
   */
  public OneOffMessage sendMessage(
      FollowUpState projection,
      List<OneOffMessage> pending,
      OneOffMessage message,
      String updateId) {
    String leadId = projection.leadId();
    LeadFollowUpInput input =
        new LeadFollowUpInput(leadId, projection, options).withPendingMessages(pending);
    String requestId = RequestIds.current();
    OneOffMessage withRequestId = message.withRequestId(requestId);
    Future<OneOffMessage> call =
        calls.submit(
            () -> {
              RequestIds.use(requestId);
              try {
                return LeadWorkflows.sendMessageWithStart(
                    client.get(), input, withRequestId, updateId);
              } finally {
                RequestIds.use(null);
              }
            });
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      log.warn("message to lead {} passed its {} deadline", leadId, deadline);
      throw new ApiException(
          503,
          "Temporal did not answer within "
              + deadline.toSeconds()
              + " s. Retry the same request: the message is sent once");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Temporal");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      var rejection = LeadWorkflows.rejection(cause);
      if (rejection.isPresent()) {
        String field = rejection.get().field();
        log.info("message to lead {} refused: {}", leadId, field);
        if (field.equals("optedOut")) {
          throw new OptedOut(rejection.get().rule());
        }
        if (field.equals("sendWhenOff")) {
          throw new ApiException(409, rejection.get().rule());
        }
        throw ApiException.badRequest(field, rejection.get().rule());
      }
      if (isUnavailable(cause)) {
        log.warn("Temporal unavailable for lead {}: {}", leadId, cause.toString());
        throw ApiException.unavailable("Temporal");
      }
      throw new IllegalStateException("message to lead " + leadId + " failed", cause);
    }
  }

  /**
   * Tells the lead's workflow what the lead said (an inbound text), starting it from {@code
   * projection} when no run is open; an unreachable or slow Temporal is a 503 ({@link
   * ApiException}), as for {@link #apply}.
   *
   * @param updateId the same for a callback sent twice, so the workflow applies it once
   */
  public FollowUpState recordInbound(FollowUpState projection, Inbound inbound, String updateId) {
    String leadId = projection.leadId();
    LeadFollowUpInput input = new LeadFollowUpInput(leadId, projection, options);
    String requestId = RequestIds.current();
    Future<FollowUpState> call =
        calls.submit(
            () -> {
              RequestIds.use(requestId);
              try {
                return LeadWorkflows.recordInboundWithStart(client.get(), input, inbound, updateId);
              } finally {
                RequestIds.use(null);
              }
            });
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      log.warn("inbound text of lead {} passed its {} deadline", leadId, deadline);
      throw new ApiException(503, "Temporal did not answer within " + deadline.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Temporal");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (isUnavailable(cause)) {
        log.warn("Temporal unavailable for lead {}: {}", leadId, cause.toString());
        throw ApiException.unavailable("Temporal");
      }
      throw new IllegalStateException("inbound text of lead " + leadId + " failed", cause);
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

  /** The workflow's view: the lead opted out of texts (409); the stored flag may differ. */
  public static final class OptedOut extends ApiException {
    OptedOut(String message) {
      super(409, message);
    }
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

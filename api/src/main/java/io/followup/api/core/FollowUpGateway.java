package io.followup.api.core;

import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.RequestIds;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
    String leadId = projection.leadId();
    LeadFollowUpInput input = new LeadFollowUpInput(leadId, projection, options);
    // the request id goes with the change (to a running workflow) and, through the MDC of the
    // calling thread, into the headers of a workflow started here (RequestIds)
    FollowUpChange withSettings = change.withOptions(options).withRequestId(RequestIds.current());
    return underDeadline(
        "follow-up change of lead " + leadId,
        leadId,
        "; nothing was stored. Retry the same request: the change is applied once",
        () ->
            start
                ? LeadWorkflows.applyWithStart(client.get(), input, withSettings, updateId)
                : LeadWorkflows.apply(client.get(), input, withSettings, updateId),
        rejection -> {
          log.info(
              "follow-up change of lead {} rejected: {}: {}",
              leadId,
              rejection.field(),
              rejection.rule());
          return ApiException.badRequest(rejection.field(), rejection.rule());
        });
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
    OneOffMessage withRequestId = message.withRequestId(RequestIds.current());
    return underDeadline(
        "message to lead " + leadId,
        leadId,
        ". Retry the same request: the message is sent once",
        () -> LeadWorkflows.sendMessageWithStart(client.get(), input, withRequestId, updateId),
        rejection -> {
          String field = rejection.field();
          log.info("message to lead {} refused: {}", leadId, field);
          if (field.equals("optedOut")) {
            return new OptedOut(rejection.rule());
          }
          if (field.equals("sendWhenOff")) {
            return new ApiException(409, rejection.rule());
          }
          return ApiException.badRequest(field, rejection.rule());
        });
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
    return underDeadline(
        "inbound text of lead " + leadId,
        leadId,
        "",
        () -> LeadWorkflows.recordInboundWithStart(client.get(), input, inbound, updateId),
        null);
  }

  /**
   * Runs one Temporal call on the gateway's threads (with the caller's request id) and waits for it
   * at most the deadline; what can go wrong becomes an API answer, the same way for every call:
   * past the deadline or with Temporal unreachable a 503, a rule the workflow's validator rejected
   * whatever {@code onRejection} makes of it (no handler: an unexpected failure, rethrown).
   *
   * @param what names the call in logs and errors, e.g. {@code message to lead L-1}
   * @param afterTimeout appended to the 503's message when the deadline passed
   */
  private <T> T underDeadline(
      String what,
      String leadId,
      String afterTimeout,
      Callable<T> work,
      Function<FollowUpRejection, ApiException> onRejection) {
    String requestId = RequestIds.current();
    Future<T> call =
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
      log.warn("{} passed its {} deadline", what, deadline);
      throw new ApiException(
          503, "Temporal did not answer within " + deadline.toSeconds() + " s" + afterTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Temporal");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (onRejection != null) {
        Optional<FollowUpRejection> rejection = LeadWorkflows.rejection(cause);
        if (rejection.isPresent()) {
          throw onRejection.apply(rejection.get());
        }
      }
      if (isUnavailable(cause)) {
        log.warn("Temporal unavailable for lead {}: {}", leadId, cause.toString());
        throw ApiException.unavailable("Temporal");
      }
      throw new IllegalStateException(what + " failed", cause);
    }
  }

  /**
   * Ends the lead's workflow (DELETE): terminated under the deadline; a workflow that is gone or
   * closed already counts as ended, so a retried DELETE succeeds.
   */
  public void end(String leadId) {
    underDeadline(
        "end of lead " + leadId,
        leadId,
        "; the lead was not erased. Retry the same request",
        () -> {
          try {
            client
                .get()
                .newUntypedWorkflowStub(WorkflowIds.forLead(leadId))
                .terminate("the lead was deleted");
          } catch (WorkflowNotFoundException e) {
            log.info("lead {}: no open workflow to end", leadId);
          }
          return null;
        },
        null);
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

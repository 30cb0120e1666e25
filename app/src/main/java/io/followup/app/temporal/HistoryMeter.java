package io.followup.app.temporal;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Estimates the heap the in-memory Temporal service retains. That service keeps every event of
 * every run it ever had (closed runs included, after continue-as-new too) until it is shut down,
 * and it has no call to delete a run. Every event comes from a request that changes a workflow, so
 * this interceptor, on the client every caller of that service shares (the API, the workers, the
 * recovery at start), adds up the sizes of those requests.
 *
 * <p>{@link #estimatedRetainedBytes} scales that sum by {@link #RETAINED_PER_REQUEST_BYTE}, the
 * ratio measured on the embedded run (docs/BENCHMARKS.md, "Memory of the embedded run"): the live
 * heap a PATCH or an idle lead adds after a full GC, divided by the request bytes counted for it.
 */
public final class HistoryMeter implements ClientInterceptor {
  /**
   * Live heap retained per byte of a workflow-changing request (events, the run's mutable state,
   * update records, indexes): measured 1.6 for a PATCH (6.9 KB retained for 4.25 KB of requests),
   * rounded up so the estimate runs ahead of the heap.
   */
  public static final double RETAINED_PER_REQUEST_BYTE = 2.0;

  /** The calls that append events to a workflow's history (WorkflowService method names). */
  private static final Set<String> CHANGES =
      Set.of(
          "StartWorkflowExecution",
          "SignalWithStartWorkflowExecution",
          "SignalWorkflowExecution",
          "ExecuteMultiOperation",
          "UpdateWorkflowExecution",
          "RespondWorkflowTaskCompleted",
          "RespondWorkflowTaskFailed",
          "RespondActivityTaskCompleted",
          "RespondActivityTaskFailed",
          "RespondActivityTaskCanceled",
          "RespondActivityTaskCompletedById",
          "RespondActivityTaskFailedById",
          "RespondActivityTaskCanceledById",
          "RequestCancelWorkflowExecution",
          "TerminateWorkflowExecution",
          "ResetWorkflowExecution");

  private final LongAdder bytes = new LongAdder();
  private final LongAdder requests = new LongAdder();

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!CHANGES.contains(method.getBareMethodName())) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void sendMessage(Q message) {
        if (message instanceof MessageLite request) {
          bytes.add(request.getSerializedSize());
          requests.increment();
        }
        super.sendMessage(message);
      }
    };
  }

  /** Bytes of workflow-changing requests sent since this meter's service started. */
  public long requestBytes() {
    return bytes.sum();
  }

  /** How many workflow-changing requests were sent since this meter's service started. */
  public long requests() {
    return requests.sum();
  }

  public long estimatedRetainedBytes() {
    return (long) (bytes.sum() * RETAINED_PER_REQUEST_BYTE);
  }
}

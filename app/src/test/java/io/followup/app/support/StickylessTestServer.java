package io.followup.app.support;

import io.followup.workflows.FollowUpSearchAttributes;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory Temporal test service on a port, as {@code io.temporal.testserver.TestServer} binds
 * it, except that it never records a worker's sticky task queue: every workflow task goes to the
 * workflow's own task queue, which any live worker polls.
 *
 * <p>Why: the in-memory service sends a workflow's next task to the sticky queue of the worker that
 * completed its last one and has no sticky schedule-to-start timeout (nor acts on {@code
 * ShutdownWorker}), so once that worker process is gone (kill -9 or SIGTERM) the task waits on a
 * queue no one polls, for ever. A Temporal server moves such a task to the normal queue after the
 * sticky timeout (the SDK's default 5 s) or at once on the worker's {@code ShutdownWorker}. Without
 * sticky queues the in-memory service behaves as a server whose sticky timeout is zero: what a
 * worker's death does to the product can be tried on it ({@code scripts/faults.sh}, the worker
 * rows). {@code StickyQueueIT} shows both.
 *
 * <p>{@code java -cp followup.jar:test-classes io.followup.app.support.StickylessTestServer PORT}
 */
public final class StickylessTestServer implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  private StickylessTestServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /**
   * Starts the service on {@code port}, in real time (no time skipping), as TestServer does, with
   * the lead workflows' search attributes registered in process: at load average 20-40 the API's
   * and the worker's own registration (10 s per call over gRPC, not retried) timed out and every
   * create was answered 500 (docs/RELIABILITY.md).
   */
  public static StickylessTestServer start(int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0);

    ServerBuilder<?> builder =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    List<BindableService> bindable = services.getServices();
    GRPCServerHelper.registerServicesAndHealthChecks(
        bindable, builder, List.of(new DropStickyAttributes()));
    StickylessTestServer started = new StickylessTestServer(services, builder.build().start());
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      OperatorServiceGrpc.OperatorServiceBlockingStub operator =
          OperatorServiceGrpc.newBlockingStub(channel);
      FollowUpSearchAttributes.definitions()
          .forEach(
              (name, type) ->
                  operator
                      .withDeadlineAfter(2, TimeUnit.MINUTES)
                      .addSearchAttributes(
                          AddSearchAttributesRequest.newBuilder()
                              .setNamespace("default")
                              .putSearchAttributes(name, type)
                              .build()));
    } finally {
      channel.shutdownNow();
    }
    return started;
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }

  public static void main(String[] args) throws Exception {
    StickylessTestServer server = start(Integer.parseInt(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.server.awaitTermination();
  }

  /** Removes the sticky queue from each workflow task completion before the service sees it. */
  static final class DropStickyAttributes implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
          next.startCall(call, headers)) {
        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Q message) {
          if (message instanceof RespondWorkflowTaskCompletedRequest completed
              && completed.hasStickyAttributes()) {
            super.onMessage((Q) completed.toBuilder().clearStickyAttributes().build());
          } else {
            super.onMessage(message);
          }
        }
      };
    }
  }
}

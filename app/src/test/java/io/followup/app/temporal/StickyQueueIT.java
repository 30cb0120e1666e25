package io.followup.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.app.support.Ports;
import io.followup.app.support.StickylessTestServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix's open finding (docs/RELIABILITY.md): after the worker process died, due leads
 * were not sent. The in-memory Temporal service sends a workflow's next task to the sticky queue of
 * the worker that ran it last and never moves it elsewhere (a Temporal server does after the sticky
 * schedule-to-start timeout): the workflow waits for a worker that will not come back. A worker
 * "dies" here by having its connection cut (its polls cancelled, as a kill -9 does), and a new
 * worker on the same task queue then gets the workflow's next task only from {@link
 * StickylessTestServer}.
 */
class StickyQueueIT {
  private static final String QUEUE = "sticky-queue-it";

  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String await();

    @SignalMethod
    void go(String value);
  }

  public static final class WaiterImpl implements Waiter {
    private String value;

    @Override
    public String await() {
      Workflow.await(() -> value != null);
      return value;
    }

    @Override
    public void go(String value) {
      this.value = value;
    }
  }

  @Test
  void onTheInMemoryServiceTheDeadWorkersStickyQueueHoldsTheWorkflow() throws Exception {
    int port = Ports.free();
    try (var server = TestServer.createPortBoundServer(port, true)) {
      assertThat(nextTaskAfterTheWorkerDied(port)).isNull();
    }
  }

  @Test
  void withoutStickyQueuesAnotherWorkerTakesOver() throws Exception {
    int port = Ports.free();
    try (var server = StickylessTestServer.start(port)) {
      assertThat(nextTaskAfterTheWorkerDied(port)).isEqualTo("after the death");
    }
  }

  /** The workflow's result once a new worker ran its next task, or null if none did in 5 s. */
  private static String nextTaskAfterTheWorkerDied(int port) throws Exception {
    WorkflowServiceStubs first = stubs(port);
    WorkflowClient firstClient = client(first);
    WorkerFactory dying = WorkerFactory.newInstance(firstClient);
    dying.newWorker(QUEUE).registerWorkflowImplementationTypes(WaiterImpl.class);
    dying.start();
    Waiter waiter =
        firstClient.newWorkflowStub(
            Waiter.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("waiter").build());
    WorkflowClient.start(waiter::await);
    // its first task ran on this worker (the workflow is now sticky to it)
    waitForFirstTask(firstClient);
    // the process dies: its connection drops, its polls end, no ShutdownWorker is sent
    first.shutdownNow();
    first.awaitTermination(5, TimeUnit.SECONDS);

    WorkflowServiceStubs second = stubs(port);
    try {
      WorkflowClient client = client(second);
      WorkerFactory restarted = WorkerFactory.newInstance(client);
      restarted.newWorker(QUEUE).registerWorkflowImplementationTypes(WaiterImpl.class);
      restarted.start();
      client.newWorkflowStub(Waiter.class, "waiter").go("after the death");
      try {
        return WorkflowStub.fromTyped(client.newWorkflowStub(Waiter.class, "waiter"))
            .getResult(5, TimeUnit.SECONDS, String.class);
      } catch (TimeoutException e) {
        return null;
      } finally {
        restarted.shutdownNow();
        dying.shutdownNow();
      }
    } finally {
      second.shutdownNow();
    }
  }

  private static void waitForFirstTask(WorkflowClient client) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      var history = client.fetchHistory("waiter").getHistory();
      if (history.getEventsList().stream()
          .anyMatch(e -> e.getEventType().name().equals("EVENT_TYPE_WORKFLOW_TASK_COMPLETED"))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the first workflow task did not run");
  }

  private static WorkflowServiceStubs stubs(int port) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }
}

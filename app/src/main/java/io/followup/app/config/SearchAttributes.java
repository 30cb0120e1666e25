package io.followup.app.config;

import io.followup.workflows.FollowUpSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Registers the lead workflows' search attributes on a Temporal namespace. */
final class SearchAttributes {
  private SearchAttributes() {}

  /** Waits between two attempts; a test passes one that only records. */
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

  /**
   * Runs {@code attempt} until it succeeds, {@code stopped} says the process is going down, or it
   * was interrupted: 1 s after the first failure, then twice as long each time up to 30 s. A server
   * that is still starting (compose starts everything at once), or a machine too loaded to answer
   * within the deadline, would otherwise leave the attributes missing until the next restart, and
   * every lead's workflow start failing with them. Each failure goes to {@code failed}.
   *
   * @return the attempts it took, or -1 if it gave up (stopped or interrupted)
   */
  static int untilDone(
      Runnable attempt, BooleanSupplier stopped, Pause pause, Consumer<RuntimeException> failed) {
    Duration wait = FIRST_WAIT;
    for (int attempts = 1; !stopped.getAsBoolean(); attempts++) {
      try {
        attempt.run();
        return attempts;
      } catch (RuntimeException e) {
        if (stopped.getAsBoolean()) {
          return -1;
        }
        failed.accept(e);
      }
      try {
        pause.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
    }
    return -1;
  }

  /** Every attribute of {@link FollowUpSearchAttributes}; ones already there are left alone. */
  static void register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      for (Map.Entry<String, IndexedValueType> attribute :
          FollowUpSearchAttributes.definitions().entrySet()) {
        try {
          operator
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(attribute.getKey(), attribute.getValue())
                      .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}

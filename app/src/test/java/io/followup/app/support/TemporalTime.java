package io.followup.app.support;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.temporal.api.testservice.v1.SleepRequest;
import io.temporal.api.testservice.v1.TestServiceGrpc;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of an in-memory Temporal service (the test server the embedded run uses), through its
 * test service: tests skip time on it instead of waiting for a timer on the wall clock.
 */
public final class TemporalTime {
  private TemporalTime() {}

  /**
   * Skips {@code by} on the service at {@code channel}: its timers due meanwhile fire in order;
   * returns once its time has passed (the work they started may still be running).
   */
  public static void skip(Channel channel, Duration by) {
    TestServiceGrpc.newBlockingStub(channel)
        .unlockTimeSkippingWithSleep(
            SleepRequest.newBuilder()
                .setDuration(
                    com.google.protobuf.Duration.newBuilder()
                        .setSeconds(by.getSeconds())
                        .setNanos(by.getNano()))
                .build());
  }

  /** The service's time: ahead of the wall clock by what was skipped on it. */
  public static Instant now(Channel channel) {
    Timestamp time =
        TestServiceGrpc.newBlockingStub(channel)
            .getCurrentTime(Empty.getDefaultInstance())
            .getTime();
    return Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
  }
}

package io.followup.worker;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link FollowUpWorker} serves and how.
 *
 * @param maxActivitiesPerSecond per role, the task queue's activity rate limit (for the whole fleet
 *     on that queue, enforced by the server); roles absent here are unlimited
 * @param shutdownWait how long close waits for in-flight tasks before interrupting them
 * @param maxConcurrent per role, the most activities this worker runs at once ({@code
 *     CALL_MAX_CONCURRENT} for calls); roles absent here keep the SDK's default
 */
public record WorkerSettings(
    Set<WorkerRole> roles,
    Map<WorkerRole, Double> maxActivitiesPerSecond,
    Duration shutdownWait,
    Map<WorkerRole, Integer> maxConcurrent) {

  public static final Duration DEFAULT_SHUTDOWN_WAIT = Duration.ofSeconds(30);

  public WorkerSettings {
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one role");
    }
    roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    Map<WorkerRole, Double> limits = new EnumMap<>(WorkerRole.class);
    if (maxActivitiesPerSecond != null) {
      maxActivitiesPerSecond.forEach(
          (role, limit) -> {
            if (limit == null || !(limit > 0) || Double.isInfinite(limit)) {
              throw new IllegalArgumentException(
                  "the rate limit of role " + role.wireName() + " must be a positive number");
            }
            limits.put(role, limit);
          });
    }
    maxActivitiesPerSecond = Collections.unmodifiableMap(limits);
    shutdownWait = shutdownWait == null ? DEFAULT_SHUTDOWN_WAIT : shutdownWait;
    Map<WorkerRole, Integer> slots = new EnumMap<>(WorkerRole.class);
    if (maxConcurrent != null) {
      maxConcurrent.forEach(
          (role, n) -> {
            if (n == null || n < 1) {
              throw new IllegalArgumentException(
                  "the concurrency of role " + role.wireName() + " must be 1 or more");
            }
            slots.put(role, n);
          });
    }
    maxConcurrent = Collections.unmodifiableMap(slots);
  }

  public static WorkerSettings of(Set<WorkerRole> roles) {
    return new WorkerSettings(roles, null, null, null);
  }

  public static WorkerSettings all() {
    return of(EnumSet.allOf(WorkerRole.class));
  }

  public WorkerSettings withRateLimit(WorkerRole role, double perSecond) {
    Map<WorkerRole, Double> limits = new EnumMap<>(WorkerRole.class);
    limits.putAll(maxActivitiesPerSecond);
    limits.put(role, perSecond);
    return new WorkerSettings(roles, limits, shutdownWait, maxConcurrent);
  }

  public WorkerSettings withShutdownWait(Duration wait) {
    return new WorkerSettings(roles, maxActivitiesPerSecond, wait, maxConcurrent);
  }

  /** At most {@code activities} of the role's tasks at once in this worker. */
  public WorkerSettings withMaxConcurrent(WorkerRole role, int activities) {
    Map<WorkerRole, Integer> slots = new EnumMap<>(WorkerRole.class);
    slots.putAll(maxConcurrent);
    slots.put(role, activities);
    return new WorkerSettings(roles, maxActivitiesPerSecond, shutdownWait, slots);
  }
}

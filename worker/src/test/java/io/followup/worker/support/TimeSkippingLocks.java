package io.followup.worker.support;

import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;

/**
 * Makes a long run on the in-memory Temporal test service cost linear time. The service's
 * self-advancing timer (temporal-test-server 1.38, {@code SelfAdvancingTimerImpl}) writes every
 * time-skipping lock and unlock into a {@code LinkedList} kept for its diagnostics only ({@code
 * lockEvents}): the entries of the locks the service's requests take and release are never removed,
 * and each timer task's lock handle removes its own entry by a scan from the list's head. Over a
 * month of many leads the list grows by every workflow and activity task, and every timer that
 * fires scans it while holding the timer's lock that every request of the service needs: the cost
 * of the run grows with the square of its work (docs/COMPLIANCE.md, "Why it was superlinear"). This
 * replaces that list with one that keeps nothing (every removal succeeds), so the service's lock
 * counting, which is separate, is untouched; only its diagnostics print no lock history.
 */
public final class TimeSkippingLocks {
  private TimeSkippingLocks() {}

  /** A list that keeps nothing: adding and removing succeed at once. */
  private static final class NoHistory<E> extends LinkedList<E> {
    @Override
    public boolean add(E e) {
      return true;
    }

    @Override
    public boolean remove(Object o) {
      return true;
    }
  }

  /**
   * Drops the lock history of {@code env}'s in-process test service (created by {@link
   * TestWorkflowEnvironment#newInstance}); fails when the service's inside is not as expected (a
   * new SDK version: check that class again).
   */
  public static void keepNoHistory(TestWorkflowEnvironment env) {
    try {
      Object service = field(env, "service");
      Object timer = field(service, "selfAdvancingTimer");
      Lock lock = (Lock) field(timer, "lock");
      Field events = timer.getClass().getDeclaredField("lockEvents");
      events.setAccessible(true);
      lock.lock();
      try {
        events.set(timer, new NoHistory<>());
      } finally {
        lock.unlock();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the test service's timer is not as expected", e);
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        Object value = field.get(owner);
        if (value == null) {
          throw new IllegalStateException(name + " is null in " + type.getName());
        }
        return value;
      } catch (NoSuchFieldException e) {
        // the superclass's, then
      }
    }
    throw new NoSuchFieldException(name + " in " + owner.getClass().getName());
  }
}

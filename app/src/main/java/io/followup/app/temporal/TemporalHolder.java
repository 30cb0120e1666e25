package io.followup.app.temporal;

import io.followup.app.config.TemporalFactory.Connection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one way to the Temporal connection: everything that calls Temporal (the API's gateway, the
 * worker, the health check, the recovery at start) asks this holder for the client each time, so
 * the embedded run can replace its in-memory service in one step ({@link #whilePaused}).
 *
 * <p>A request that changes a lead holds a {@linkplain #enter pass} from before its first Temporal
 * call until its transaction committed; a replacement waits for the passes out and holds new ones
 * back, so no change is half in the old service and half in the store when the new service is
 * filled from the store.
 */
public final class TemporalHolder implements Closeable {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile Connection current;

  public TemporalHolder(Connection initial) {
    this.current = initial;
  }

  public Connection current() {
    return current;
  }

  public WorkflowClient client() {
    return current.client();
  }

  public WorkflowServiceStubs service() {
    return current.service();
  }

  /**
   * A pass for one change: waits at most {@code wait} while the service is being replaced.
   *
   * @return the pass to {@link Lock#unlock} when the change is committed, or null when the
   *     replacement took longer than {@code wait}
   */
  public Lock enter(Duration wait) throws InterruptedException {
    Lock pass = lock.readLock();
    return pass.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? pass : null;
  }

  /**
   * Runs {@code replacement} once every pass is back (at most {@code wait}), holding new passes
   * back until it returns; {@link #replace} may be called only from inside it.
   *
   * @return false when passes were still out after {@code wait} (nothing was run)
   */
  public boolean whilePaused(Duration wait, Runnable replacement) throws InterruptedException {
    Lock exclusive = lock.writeLock();
    if (!exclusive.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    try {
      replacement.run();
      return true;
    } finally {
      exclusive.unlock();
    }
  }

  /** The connection every caller gets from now on; only inside {@link #whilePaused}. */
  public void replace(Connection fresh) {
    if (!lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("replace the Temporal connection only while paused");
    }
    current = fresh;
  }

  @Override
  public void close() throws IOException {
    current.close();
  }
}

package io.followup.api.core;

/**
 * Passes for the changes of a request that makes many (a batch's items): in the embedded run a
 * change holds a pass from its first Temporal call to its commit, and a replacement of the
 * in-memory Temporal service waits for the passes out. A batch takes one per item, so a replacement
 * goes through between two items instead of waiting for the whole batch.
 */
@FunctionalInterface
public interface ChangePasses {
  /**
   * Waits for a pass.
   *
   * @return what gives it back, to run once the change is committed
   * @throws ApiException 503 when none came in time (the change was not made)
   */
  Runnable enter();

  /** No gate (server mode, the operator commands): nothing to wait for. */
  static ChangePasses none() {
    return () -> () -> {};
  }
}

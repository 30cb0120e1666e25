package io.followup.worker.message;

/**
 * A render that passed one of its limits ({@link RenderLimits}): the send is recorded FAILED with
 * this message as its reason, never retried (another render would pass it again).
 */
public final class RenderLimitException extends RuntimeException {
  public RenderLimitException(String message) {
    super(message, null, false, false);
  }
}

package io.followup.worker.provider;

/**
 * A send the provider did not take. Permanent (invalid number, rejected address): retrying cannot
 * help, so the send is recorded FAILED. Transient (provider down, throttled): the activity fails
 * and Temporal retries it.
 */
public class ProviderException extends RuntimeException {
  private final boolean permanent;

  public ProviderException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  public static ProviderException permanent(String message) {
    return new ProviderException(message, true, null);
  }

  public static ProviderException temporary(String message) {
    return new ProviderException(message, false, null);
  }

  public boolean permanent() {
    return permanent;
  }
}

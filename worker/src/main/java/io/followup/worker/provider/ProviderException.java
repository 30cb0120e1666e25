package io.followup.worker.provider;

/**
 * A send the provider did not take. Permanent (invalid number, rejected address): retrying cannot
 * help, so the send is recorded FAILED. Transient (provider down, throttled): the activity fails
 * and Temporal retries it.
 *
 * <p>A transient failure is {@link #notSent()} when the provider certainly has nothing of the send
 * (no connection, or the server answered with a refusal): the claim is released and the retry sends
 * afresh. Otherwise (a connection lost mid-send) the retry asks the provider, and a provider that
 * cannot answer records the send UNCONFIRMED.
 */
public class ProviderException extends RuntimeException {
  private final boolean permanent;
  private final boolean notSent;

  public ProviderException(String message, boolean permanent, Throwable cause) {
    this(message, permanent, false, cause);
  }

  private ProviderException(String message, boolean permanent, boolean notSent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.notSent = notSent;
  }

  public static ProviderException permanent(String message) {
    return new ProviderException(message, true, null);
  }

  public static ProviderException temporary(String message) {
    return new ProviderException(message, false, null);
  }

  /** Transient, and the provider certainly did not take the send. */
  public static ProviderException notSent(String message, Throwable cause) {
    return new ProviderException(message, false, true, cause);
  }

  public boolean permanent() {
    return permanent;
  }

  /** The provider certainly has nothing of this send: a retry may send it. */
  public boolean notSent() {
    return notSent;
  }
}

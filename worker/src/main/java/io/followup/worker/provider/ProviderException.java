package io.followup.worker.provider;

import java.time.Duration;

/**
 * A send the provider did not take. Permanent (invalid number, rejected address): retrying cannot
 * help, so the send is recorded FAILED. Transient (provider down, throttled): the activity fails
 * and Temporal retries it, after {@link #retryAfter()} when the provider said when.
 *
 * <p>A transient failure is {@link #notSent()} when the provider certainly has nothing of the send
 * (no connection, or the server answered with a refusal): the claim is released and the retry sends
 * afresh. Otherwise (a connection lost mid-send) the retry asks the provider, and a provider that
 * cannot answer records the send UNCONFIRMED.
 *
 * <p>A recipient the provider reports as unsubscribed ({@link #recipientOptedOut()}) is permanent:
 * the lead is marked opted out and the send recorded BLOCKED.
 */
public class ProviderException extends RuntimeException {
  private final boolean permanent;
  private final boolean notSent;
  private final Duration retryAfter;
  private final String optOutReason;

  public ProviderException(String message, boolean permanent, Throwable cause) {
    this(message, permanent, false, null, null, cause);
  }

  private ProviderException(
      String message,
      boolean permanent,
      boolean notSent,
      Duration retryAfter,
      String optOutReason,
      Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.notSent = notSent;
    this.retryAfter = retryAfter;
    this.optOutReason = optOutReason;
  }

  public static ProviderException permanent(String message) {
    return new ProviderException(message, true, null);
  }

  public static ProviderException temporary(String message) {
    return new ProviderException(message, false, null);
  }

  /**
   * Transient; the provider may have taken the send (a retry asks it first).
   *
   * @param retryAfter when the provider asks to be tried again (its {@code Retry-After}); null when
   *     it did not say
   */
  public static ProviderException temporary(String message, Duration retryAfter, Throwable cause) {
    return new ProviderException(message, false, false, retryAfter, null, cause);
  }

  /** Transient, and the provider certainly did not take the send. */
  public static ProviderException notSent(String message, Throwable cause) {
    return new ProviderException(message, false, true, null, null, cause);
  }

  /** Transient, the provider certainly did not take the send, and said when to try again. */
  public static ProviderException notSent(String message, Duration retryAfter, Throwable cause) {
    return new ProviderException(message, false, true, retryAfter, null, cause);
  }

  /**
   * The provider refuses the recipient because they unsubscribed with it (Twilio 21610).
   *
   * @param reason recorded on the lead's OPT_OUT event, e.g. {@code TWILIO_21610}
   */
  public static ProviderException recipientOptedOut(String message, String reason) {
    return new ProviderException(message, true, false, null, reason, null);
  }

  public boolean permanent() {
    return permanent;
  }

  /** The provider certainly has nothing of this send: a retry may send it. */
  public boolean notSent() {
    return notSent;
  }

  /** Null when the provider did not say when to try again. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean recipientOptedOut() {
    return optOutReason != null;
  }

  /** Null unless {@link #recipientOptedOut()}. */
  public String optOutReason() {
    return optOutReason;
  }
}

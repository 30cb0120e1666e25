package io.followup.store;

/** A store failure as a worker activity reports it: classes and SQL states, no values. */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }
}

package io.followup.worker.message;

/** A template that cannot be read or does not compile: the start stops with this message. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}

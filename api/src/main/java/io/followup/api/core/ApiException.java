package io.followup.api.core;

/** A request the API answers with {@code status} and {@code {"message": ...}}; never a 500. */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ApiException badRequest(String field, String rule) {
    return new ApiException(400, field + ": " + rule);
  }

  public static ApiException notFound(String leadId) {
    return new ApiException(404, "lead " + leadId + " not found");
  }

  public static ApiException unavailable(String dependency) {
    return new ApiException(
        503, dependency + " is unavailable; nothing was changed and the request can be retried");
  }

  public int status() {
    return status;
  }
}

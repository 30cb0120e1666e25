package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.store.Sql;
import io.followup.workflows.RequestIds;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error is {@code {"message": ...}}: never a stack trace or a class name. */
public final class ErrorMappers {
  private static final Logger log = LoggerFactory.getLogger(ErrorMappers.class);

  /** Seconds a client should wait before retrying a 503. */
  static final String RETRY_AFTER = "5";

  private ErrorMappers() {}

  static Response respond(int status, String message) {
    String body = status >= 500 ? withRequestId(message, RequestIds.current()) : message;
    Response.ResponseBuilder response =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("message", body));
    if (status == 503) {
      response.header("Retry-After", RETRY_AFTER);
    }
    return response.build();
  }

  /**
   * A 5xx message naming the request's id, so a caller can quote it and an operator find its log
   * lines: {@code "Internal error; it has been logged (request id X)."}.
   */
  static String withRequestId(String message, String requestId) {
    if (requestId == null) {
      return message;
    }
    String bare = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    return bare + " (request id " + requestId + ").";
  }

  /** The ApiException behind {@code error}, if one is in its cause chain. */
  private static java.util.Optional<ApiException> apiCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return java.util.Optional.of(api);
      }
    }
    return java.util.Optional.empty();
  }

  public static final class Api implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return respond(e.status(), e.getMessage());
    }
  }

  public static final class Web implements ExceptionMapper<WebApplicationException> {
    /** The request being answered (a proxy Jersey sets per request). */
    @jakarta.ws.rs.core.Context private jakarta.ws.rs.core.UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String message =
          switch (status) {
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 406 -> "Only application/json responses are served.";
            case 415 ->
                isTwilioCallback()
                    ? "Content-Type must be application/x-www-form-urlencoded."
                    : "Content-Type must be application/json.";
            default -> e.getResponse().getStatusInfo().getReasonPhrase();
          };
      return respond(status, message);
    }

    private boolean isTwilioCallback() {
      try {
        return uri != null && uri.getPath().startsWith("v1/webhooks/twilio/");
      } catch (RuntimeException outsideARequest) {
        return false;
      }
    }
  }

  /** Reading the body failed: the size limit, or a broken stream. */
  public static final class Processing implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      return apiCause(e)
          .map(api -> respond(api.status(), api.getMessage()))
          .orElseGet(() -> respond(400, "body: could not be read"));
    }
  }

  /** Where the error was thrown: its first frames, which carry no values. */
  static String frames(Throwable error) {
    StringBuilder text = new StringBuilder();
    StackTraceElement[] frames = error.getStackTrace();
    for (int i = 0; i < Math.min(12, frames.length); i++) {
      text.append("\n\tat ").append(frames[i]);
    }
    return text.toString();
  }

  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      Optional<ClientFault> client = ClientFault.of(e);
      if (client.isPresent()) {
        log.debug("request failed by its client: {}", client.get().message());
        return respond(client.get().status(), client.get().message());
      }
      return apiCause(e)
          .map(api -> respond(api.status(), api.getMessage()))
          .orElseGet(
              () -> {
                // classes and SQL states only: a driver's message may hold the request's values
                log.error("unexpected error: {}{}", Sql.describe(e), frames(e));
                log.debug("unexpected error", e);
                return respond(500, "Internal error; it has been logged.");
              });
    }
  }
}

package io.followup.api.http;

import io.dropwizard.core.setup.Environment;
import io.followup.workflows.RequestIds;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The errors Jetty answers itself, before or outside Jersey (a path it cannot decode, a URI or
 * headers too large, a method the servlet filters refuse, an unknown admin path), as {@code
 * {"message": ...}} in plain words, like every other error: never Jetty's HTML page, never an empty
 * body, whatever the request's method or {@code Accept} header.
 */
public final class JettyErrors {
  private JettyErrors() {}

  /** On the server (errors no context handles) and on the application and admin contexts. */
  public static void install(Environment environment) {
    environment.getApplicationContext().setErrorHandler(new InContext());
    environment.getAdminContext().setErrorHandler(new InContext());
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(LifeCycle server) {
                if (server instanceof org.eclipse.jetty.server.Server jetty) {
                  jetty.setErrorHandler(new OnServer());
                }
              }
            });
  }

  /** The message for a status Jetty produced: ours, never Jetty's (which may quote the input). */
  static String message(int status) {
    return switch (status) {
      case 400 -> "Bad request: the request line, the path or a header could not be read.";
      case 401, 403 -> "Forbidden.";
      case 404 -> "Not found.";
      case 405 -> "Method not allowed.";
      case 408 -> "The request took too long to arrive.";
      case 411 -> "A body needs a Content-Length.";
      case 413 -> "body: is too large.";
      case 414 -> "The URI is too long.";
      case 415 -> JsonBodies.NOT_JSON;
      case 431 -> "The request's headers are too large.";
      case 500 -> "Internal error; it has been logged.";
      case 503 -> "The service is unavailable; retry later.";
      default -> {
        String reason = HttpStatus.getMessage(status);
        yield reason == null || reason.isBlank() ? "Error " + status + "." : reason + ".";
      }
    };
  }

  /**
   * The status to answer: a request line Jetty cannot read (no or an unknown HTTP version) is bad
   * input, a 400, not Jetty's 505.
   */
  static int status(Response response, int code) {
    if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      response.setStatus(HttpStatus.BAD_REQUEST_400);
      return HttpStatus.BAD_REQUEST_400;
    }
    return code;
  }

  /** The message, with the request id for a 5xx (the id to search the logs for). */
  static String message(int status, String requestId) {
    String message = message(status);
    return status >= 500 ? ErrorMappers.withRequestId(message, requestId) : message;
  }

  /**
   * The request's id, put on the response if it is not there yet: the one {@link RequestIdFilter}
   * chose, else (a request that reached no filter) the caller's if acceptable, else a new one.
   */
  static String requestId(Request request, Response response) {
    String id = response.getHeaders().get(RequestIds.HEADER);
    if (id == null) {
      Object chosen = request.getAttribute(RequestIdFilter.ATTRIBUTE);
      id =
          chosen instanceof String s
              ? s
              : RequestIdFilter.accept(request.getHeaders().get(RequestIds.HEADER));
      response.getHeaders().put(RequestIds.HEADER, id);
    }
    return id;
  }

  static void writeJson(PrintWriter writer, String message) {
    writer.write("{\"message\":\"");
    writer.write(message.replace("\\", "\\\\").replace("\"", "\\\""));
    writer.write("\"}");
  }

  /** For requests that reached no context: bad messages, and paths outside every context. */
  static final class OnServer extends ErrorHandler {
    OnServer() {
      setShowStacks(false);
      setShowCauses(false);
      setShowOrigin(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws java.io.IOException {
      code = status(response, code);
      String id = requestId(request, response);
      if (!generateAcceptableResponse(
          request,
          response,
          callback,
          "application/json",
          List.of(StandardCharsets.UTF_8),
          code,
          message(code, id),
          null)) {
        callback.succeeded();
      }
    }

    @Override
    protected void writeErrorJson(
        Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writeJson(writer, message);
    }
  }

  /** For the servlet contexts (application and admin): errors sent through sendError. */
  static final class InContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    InContext() {
      setShowStacks(false);
      setShowCauses(false);
      setShowOrigin(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws java.io.IOException {
      code = status(response, code);
      String id = requestId(request, response);
      if (!generateAcceptableResponse(
          request,
          response,
          callback,
          "application/json",
          List.of(StandardCharsets.UTF_8),
          code,
          message(code, id),
          null)) {
        callback.succeeded();
      }
    }

    @Override
    protected void writeErrorJson(
        Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writeJson(writer, message);
    }
  }
}

package io.followup.app.admin;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The admin port's tasks ({@code /tasks/*}) answer in JSON like everything else: a method other
 * than POST is a 405 with a body, and the {@code log-level} task's parameters are checked before
 * Dropwizard's task reads them: logback reads an unknown {@code level} as DEBUG (which writes
 * personal data to the log) and an unparsable {@code duration} ended as a text 500 with a stack
 * trace. Both are 400 naming the parameter.
 */
public final class AdminTaskGuard implements Filter {
  static final Set<String> LEVELS = Set.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse answer = (HttpServletResponse) response;
    if (!http.getMethod().equals("POST")) {
      answer.setHeader("Allow", "POST");
      json(answer, 405, "method: " + http.getMethod() + " is not allowed; tasks take POST");
      return;
    }
    String path = http.getPathInfo() == null ? "" : http.getPathInfo();
    if (path.equals("/log-level")) {
      Optional<String> problem = logLevelProblem(http);
      if (problem.isPresent()) {
        json(answer, 400, problem.get());
        return;
      }
    }
    chain.doFilter(request, response);
  }

  static Optional<String> logLevelProblem(HttpServletRequest request) {
    String[] levels = request.getParameterValues("level");
    if (levels != null) {
      for (String level : levels) {
        if (level == null || !LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
          return Optional.of("level: must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, ALL");
        }
      }
    }
    String[] durations = request.getParameterValues("duration");
    if (durations != null) {
      for (String duration : durations) {
        try {
          if (Duration.parse(duration).isNegative()) {
            return Optional.of("duration: must not be negative");
          }
        } catch (DateTimeParseException | NullPointerException e) {
          return Optional.of("duration: must be an ISO-8601 duration, such as PT10M");
        }
      }
    }
    return Optional.empty();
  }

  private static void json(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"message\":\"" + message.replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}

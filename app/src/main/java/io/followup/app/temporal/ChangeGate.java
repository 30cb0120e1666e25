package io.followup.app.temporal;

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
import java.util.concurrent.locks.Lock;

/**
 * Holds a {@linkplain TemporalHolder#enter pass} for every request that may change a lead (any
 * method but GET, HEAD and OPTIONS) from its start to its answer, transaction committed. While the
 * in-memory Temporal service is replaced such a request waits; past {@code wait} it is answered 503
 * with nothing changed, to be retried.
 */
public final class ChangeGate implements Filter {
  private final TemporalHolder temporal;
  private final Duration wait;

  public ChangeGate(TemporalHolder temporal, Duration wait) {
    this.temporal = temporal;
    this.wait = wait;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = ((HttpServletRequest) request).getMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      chain.doFilter(request, response);
      return;
    }
    Lock pass;
    try {
      pass = temporal.enter(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pass = null;
    }
    if (pass == null) {
      unavailable((HttpServletResponse) response);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      pass.unlock();
    }
  }

  private static void unavailable(HttpServletResponse response) throws IOException {
    response.setStatus(503);
    response.setHeader("Retry-After", "2");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"message\":\"Temporal is unavailable (its in-memory service is being replaced);"
                    + " nothing was changed and the request can be retried\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}

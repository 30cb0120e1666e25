package io.followup.api.http;

import io.followup.workflows.RequestIds;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every answer carries {@code X-Request-Id}: the caller's, when it is 1 to {@value #MAX_LENGTH}
 * safe characters (letters, digits, {@code . _ : + / = -}), else a new UUID. The id is in the MDC
 * ({@link RequestIds#MDC_KEY}) for every log line of the request and in the request attribute
 * {@link #ATTRIBUTE} for the error handlers; the access log takes it from the response header.
 */
public final class RequestIdFilter implements Filter {
  public static final int MAX_LENGTH = 128;
  public static final String ATTRIBUTE = RequestIdFilter.class.getName();
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:+/=-]{1," + MAX_LENGTH + "}");

  /** The caller's id if it is acceptable, else a new one. */
  public static String accept(String sent) {
    return sent != null && SAFE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
  }

  /** The id of {@code request}: the one this filter chose, else the header's if acceptable. */
  public static String of(HttpServletRequest request) {
    Object chosen = request.getAttribute(ATTRIBUTE);
    return chosen instanceof String id ? id : accept(request.getHeader(RequestIds.HEADER));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String id = of(request);
    request.setAttribute(ATTRIBUTE, id);
    ((HttpServletResponse) res).setHeader(RequestIds.HEADER, id);
    RequestIds.use(id);
    try {
      chain.doFilter(req, res);
    } finally {
      RequestIds.use(null);
    }
  }
}

package io.followup.app.temporal;

import io.followup.api.core.ApiException;
import io.followup.api.core.ChangePasses;
import io.followup.api.http.ClientFault;
import io.followup.api.http.RequestAdmission;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * Holds a {@linkplain TemporalHolder#enter pass} for every request that may change a lead (any
 * method but GET, HEAD and OPTIONS) from its start to its answer, transaction committed. While the
 * in-memory Temporal service is replaced such a request waits; past {@code wait} it is answered 503
 * with nothing changed, to be retried.
 *
 * <p>The pass is taken only once the body has been read whole (at most {@code maxBodyBytes}, else
 * 413; a slow body is bounded by Jetty's idle timeout and minimum data rate) and only by a request
 * its route would authenticate ({@link RequestAdmission}): one that trickles its body, or that no
 * key, signature or token admits, holds nothing a replacement waits for. A request not admitted
 * goes on without a pass and is refused by the route's own check, changing nothing.
 *
 * <p>A batch ({@value #BATCH}) takes no pass here: its items take one each ({@link #passes}), so a
 * replacement waits for one item, not for up to 500.
 */
public final class ChangeGate implements Filter {
  static final String BATCH = "/v1/leads/batch";
  private static final String UNAVAILABLE =
      "Temporal is unavailable (its in-memory service is being replaced);"
          + " nothing was changed and the request can be retried";

  private final TemporalHolder temporal;
  private final Duration wait;
  private final RequestAdmission admission;
  private final long maxBodyBytes;

  public ChangeGate(
      TemporalHolder temporal, Duration wait, RequestAdmission admission, long maxBodyBytes) {
    this.temporal = temporal;
    this.wait = wait;
    this.admission = admission;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String method = http.getMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body;
    if (http.getContentLengthLong() > maxBodyBytes) {
      tooLarge((HttpServletResponse) response);
      return;
    }
    try {
      body = read(http.getInputStream());
    } catch (IOException | RuntimeException e) {
      // the client hung up, or Jetty cut a body too slow: answered as such, no pass taken
      Optional<ClientFault> fault = ClientFault.of(e);
      if (fault.isEmpty()) {
        throw e;
      }
      try {
        json((HttpServletResponse) response, fault.get().status(), fault.get().message());
      } catch (IOException | IllegalStateException gone) {
        // no one left to answer
      }
      return;
    }
    if (body == null) {
      tooLarge((HttpServletResponse) response);
      return;
    }
    HttpServletRequest buffered = new Buffered(http, body);
    if (path(http).equals(BATCH)
        || !admission.admits(path(http), rawPathAndQuery(http), http::getHeader, body)) {
      chain.doFilter(buffered, response);
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
      chain.doFilter(buffered, response);
    } finally {
      pass.unlock();
    }
  }

  /** The whole body, or null past {@code maxBodyBytes}. */
  private byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      if (bytes.size() + (long) n > maxBodyBytes) {
        return null;
      }
      bytes.write(buffer, 0, n);
    }
    return bytes.toByteArray();
  }

  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    return servletPath + pathInfo;
  }

  private static String rawPathAndQuery(HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    json(response, 413, "body: must be at most " + maxBodyBytes + " bytes");
  }

  private static void unavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "2");
    json(response, 503, UNAVAILABLE);
  }

  /**
   * A pass per change for the requests that make many (a batch's items): as the gate's, waiting at
   * most {@code wait}; past it the item is answered 503, nothing changed.
   */
  public static ChangePasses passes(TemporalHolder temporal, Duration wait) {
    return () -> {
      Lock pass;
      try {
        pass = temporal.enter(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pass = null;
      }
      if (pass == null) {
        throw new ApiException(503, UNAVAILABLE);
      }
      return pass::unlock;
    };
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

  /** The request with its body already read. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already: no asynchronous reads");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }
  }
}

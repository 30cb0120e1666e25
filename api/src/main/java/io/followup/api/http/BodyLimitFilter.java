package io.followup.api.http;

import io.followup.api.core.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body over the limit is a 413, decided before any parsing: by Content-Length when sent, else by
 * counting the bytes as they are read.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public final class BodyLimitFilter implements ContainerRequestFilter {
  private final long maxBytes;

  public BodyLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      throw tooLarge();
    }
    request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
  }

  private ApiException tooLarge() {
    return new ApiException(413, "body: must be at most " + maxBytes + " bytes");
  }

  private final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long max) {
      super(in);
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --left < 0) {
        throw tooLarge();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0 && (left -= n) < 0) {
        throw tooLarge();
      }
      return n;
    }
  }
}

package io.followup.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.ApiException;
import io.followup.workflows.RequestIds;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 5xx body names the request's id (from the MDC the request filter set); a 4xx does not. */
class ServerErrorRequestIdTest {

  @AfterEach
  void clear() {
    RequestIds.use(null);
  }

  @SuppressWarnings("unchecked")
  private static String message(Response response) {
    return ((Map<String, String>) response.getEntity()).get("message");
  }

  @Test
  void anUnexpectedErrorNamesTheRequestId() {
    RequestIds.use("req-500");
    Response response = new ErrorMappers.Unexpected().toResponse(new IllegalStateException("x"));
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(message(response))
        .isEqualTo("Internal error; it has been logged (request id req-500).");
  }

  @Test
  void anUnavailableDependencyNamesItToo() {
    RequestIds.use("req-503");
    Response response = new ErrorMappers.Api().toResponse(ApiException.unavailable("Temporal"));
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(message(response)).endsWith("(request id req-503).");
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
  }

  @Test
  void aClientErrorDoesNot() {
    RequestIds.use("req-400");
    Response response =
        new ErrorMappers.Api().toResponse(ApiException.badRequest("limit", "must be 1 to 1000"));
    assertThat(message(response)).isEqualTo("limit: must be 1 to 1000");
  }

  @Test
  void withoutAnIdTheMessageIsUnchanged() {
    Response response = new ErrorMappers.Unexpected().toResponse(new IllegalStateException("x"));
    assertThat(message(response)).isEqualTo("Internal error; it has been logged.");
  }
}

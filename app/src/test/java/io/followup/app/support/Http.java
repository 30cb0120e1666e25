package io.followup.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client over java.net.http (Jersey's default client cannot PATCH). */
public final class Http {
  public static final String KEY = "test-key-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    public String message() {
      return body.path("message").asText();
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  public Http(int port) {
    this(port, KEY);
  }

  public Http(int port, String key) {
    this.base = "http://127.0.0.1:" + port;
    this.key = key;
  }

  public Reply get(String path) {
    return send(request(path, key).GET().build());
  }

  public Reply post(String path, String json) {
    return send(
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public Reply patch(String path, String json) {
    return patch(path, json, null);
  }

  public Reply patch(String path, String json, String idempotencyKey) {
    HttpRequest.Builder request =
        request(path, key)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Reply(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      builder.header("x-api-key", key);
    }
    return builder;
  }

  /** A create body with a phone unique to the call. */
  /** Whether the API answers an authenticated request with 200 yet (a process still starting). */
  public boolean answers() {
    try {
      return get("/v1/leads?limit=1").status() == 200;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  public static String lead(String phone, String extra) {
    return "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"phone\":\""
        + phone
        + "\""
        + (extra == null || extra.isEmpty() ? "" : "," + extra)
        + "}";
  }
}

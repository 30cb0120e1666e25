package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.RawHttp;
import io.followup.app.support.RawHttp.Answer;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded fuzz of the whole HTTP surface (application and admin ports): random and malformed
 * methods, paths, query strings, headers and bodies, sent over a raw socket. No answer may be a
 * 5xx; every answer that is not 2xx is {@code {"message": "..."}} naming no Java class; the server
 * still serves a normal request afterwards.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpFuzzIT {
  static final long SEED = 20_261_126L;
  static final int REQUESTS = 4_000;

  private static final String DB = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private final Random random = new Random(SEED);
  private final List<String> leadIds = new ArrayList<>();

  @Test
  void noRequestGetsA5xxAndEveryErrorIsAPlainJsonMessage() {
    long start = System.nanoTime();
    RawHttp app = new RawHttp(APP.getLocalPort());
    RawHttp admin = new RawHttp(APP.getAdminPort());
    for (int i = 0; i < 5; i++) {
      Answer created =
          app.send(
              "POST",
              "/v1/leads/create",
              Map.of("x-api-key", Http.KEY, "Content-Type", "application/json"),
              validCreate().getBytes(StandardCharsets.UTF_8));
      assertThat(created.status()).as(created.body()).isEqualTo(200);
      leadIds.add(readJson(created.body()).get("id").asText());
    }

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < REQUESTS; n++) {
      boolean toAdmin = random.nextInt(10) == 0;
      Request request = toAdmin ? adminRequest() : appRequest();
      Answer answer;
      try {
        answer = (toAdmin ? admin : app).sendRaw(request.bytes());
      } catch (RuntimeException e) {
        failures.add("#" + n + " no answer (" + e.getMessage() + "): " + request.summary());
        continue;
      }
      statuses.merge(answer.status(), 1, Integer::sum);
      String problem = problem(request, answer);
      if (problem != null) {
        failures.add("#" + n + " " + problem + ": " + request.summary());
      }
      if (answer.status() == 200 && request.summary().startsWith("POST /v1/leads/create ")) {
        JsonNode id = readJson(answer.body()).get("id");
        if (id != null) {
          leadIds.add(id.asText());
        }
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    System.out.printf(
        "HttpFuzzIT: seed %d, %d requests in %d s, statuses %s%n",
        SEED, REQUESTS, seconds, statuses);

    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertThat(statuses.keySet()).as("a fuzz that reaches past the filters").contains(200, 400);
    Http http = new Http(APP.getLocalPort());
    assertThat(http.get("/v1/leads?limit=1").status()).isEqualTo(200);
    assertThat(http.get("/v1/leads/" + leadIds.get(0)).status()).isEqualTo(200);
  }

  /** Why the answer breaks the contract, or null. */
  private static String problem(Request request, Answer answer) {
    if (answer.status() >= 500) {
      return "status " + answer.status() + " " + answer.body();
    }
    if (answer.status() < 300 || request.method().equals("HEAD")) {
      return null;
    }
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (Exception e) {
      return "status " + answer.status() + " with a body that is not JSON: " + cut(answer.body());
    }
    if (body == null || !body.isObject() || !body.path("message").isTextual()) {
      return "status " + answer.status() + " without a message: " + cut(answer.body());
    }
    if (HttpHygieneIT.LEAK.matcher(answer.body()).find()) {
      return "status " + answer.status() + " naming Java internals: " + cut(answer.body());
    }
    return null;
  }

  private static JsonNode readJson(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  private static String cut(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  // -- requests -------------------------------------------------------------------------------

  record Request(
      String method, String target, Map<String, String> headers, byte[] body, byte[] raw) {
    byte[] bytes() {
      if (raw != null) {
        return raw;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.writeBytes(body);
      }
      return out.toByteArray();
    }

    String summary() {
      if (raw != null) {
        return "raw " + cut(new String(raw, StandardCharsets.ISO_8859_1));
      }
      return method
          + " "
          + cut(target)
          + " "
          + cut(headers.toString())
          + (body == null ? "" : " body " + cut(new String(body, StandardCharsets.UTF_8)));
    }
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private Request appRequest() {
    if (random.nextInt(40) == 0) {
      return new Request("RAW", "", Map.of(), null, malformedRequestLine());
    }
    String method = method();
    String target = path() + query();
    Map<String, String> headers = headers();
    byte[] body = null;
    if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
      body = random.nextInt(20) == 0 ? null : body();
    } else if (random.nextInt(15) == 0) {
      body = body();
    }
    return new Request(method, target, headers, body, null);
  }

  private Request adminRequest() {
    String path =
        pick(
            List.of(
                "/ping",
                "/healthcheck",
                "/metrics",
                "/threads",
                "/no-such-page",
                "/%ff",
                "/%2F%2e%2e",
                "/" + "a".repeat(random.nextInt(20_000)),
                "/ping?x=%zz",
                "/healthcheck/" + randomSegment()));
    String method = pick(List.of("GET", "GET", "POST", "PUT", "DELETE", "TRACE", "BREW", "HEAD"));
    Map<String, String> headers = new LinkedHashMap<>();
    if (random.nextInt(5) == 0) {
      headers.put("Accept", pick(List.of("text/html", "application/xml", "*/*", "nope/nope")));
    }
    if (random.nextInt(30) == 0) {
      headers.put("X-Huge", "h".repeat(20_000));
    }
    return new Request(method, path, headers, method.equals("POST") ? body() : null, null);
  }

  private String method() {
    int roll = random.nextInt(100);
    if (roll < 30) {
      return "GET";
    }
    if (roll < 55) {
      return "POST";
    }
    if (roll < 80) {
      return "PATCH";
    }
    return pick(List.of("PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ", "get", "M-SEARCH"));
  }

  private String leadId() {
    int roll = random.nextInt(12);
    return switch (roll) {
      case 0, 1, 2, 3, 4 -> pick(leadIds);
      case 5 -> "no-such-lead";
      case 6 -> "x".repeat(60 + random.nextInt(10_000));
      case 7 -> pick(List.of("%ff", "%2F", "%00", "%e2%82", "%%", "%2e%2e", "..", ";", "%20"));
      case 8 -> percentEncodedBytes(1 + random.nextInt(30));
      case 9 -> percentEncodedUtf8(1 + random.nextInt(80));
      default -> randomSegment();
    };
  }

  private String randomSegment() {
    String alphabet = "abcXYZ019-_.~!$&'()*+,=:@";
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private String percentEncodedBytes(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%%%02X", random.nextInt(256)));
    }
    return s.toString();
  }

  private String percentEncodedUtf8(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp;
      do {
        cp = random.nextInt(4) == 0 ? 0x1F600 + random.nextInt(80) : random.nextInt(0xD7FF);
      } while (cp == 0);
      text.appendCodePoint(cp);
    }
    StringBuilder s = new StringBuilder();
    for (byte b : text.toString().getBytes(StandardCharsets.UTF_8)) {
      s.append(String.format("%%%02X", b & 0xff));
    }
    return s.toString();
  }

  private String path() {
    int roll = random.nextInt(20);
    return switch (roll) {
      case 0, 1, 2, 3 -> "/v1/leads/create";
      case 4, 5, 6, 7, 8, 9 -> "/v1/leads/" + leadId();
      case 10, 11, 12 -> "/v1/leads";
      case 13, 14, 15 -> "/v1/leads/" + leadId() + "/events";
      case 16 ->
          pick(List.of("/", "/v2/leads", "/v1", "/v1/leads/", "/v1/leads//events", "/favicon.ico"));
      case 17 -> "/v1/leads/" + leadId() + "/" + randomSegment();
      case 18 -> "/" + percentEncodedBytes(1 + random.nextInt(10));
      default -> "/v1/leads/" + leadId() + "/sendMessage";
    };
  }

  private String query() {
    if (random.nextInt(3) == 0) {
      return "";
    }
    List<String> params = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      String name =
          pick(
              List.of(
                  "limit",
                  "nextToken",
                  "createdSince",
                  "updatedSince",
                  "since",
                  "types",
                  randomSegment()));
      params.add(name + "=" + queryValue(name));
    }
    return "?" + String.join("&", params);
  }

  private String queryValue(String name) {
    int roll = random.nextInt(10);
    if (roll == 0) {
      return percentEncodedBytes(1 + random.nextInt(20));
    }
    if (roll == 1) {
      return "";
    }
    return switch (name) {
      case "limit" ->
          pick(List.of("1", "10", "1000", "1001", "0", "-1", "99999999999", "ten", "1e3", "%00"));
      case "nextToken" ->
          pick(
              List.of(
                  "AAAA",
                  "not-base64!",
                  "MjAyNi0wMS0wMVQwMDowMDowMFp8eA",
                  "KzUwMDAwMDAwMC0wMS0wMVQwMDowMDowMFp8eA",
                  "AHx4",
                  "OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
                  "LTE"));
      case "createdSince", "updatedSince", "since" ->
          pick(
              List.of(
                  "2026-01-01T00:00:00Z",
                  "%2B500000000-01-01T00:00:00Z",
                  "-999999999-01-01T00:00:00Z",
                  "1969-12-31T23:59:59Z",
                  "9999-12-31T23:59:59Z",
                  "%2B10000-01-01T00:00:00Z",
                  "yesterday",
                  "2026-13-45T99:99:99Z",
                  "2026-01-01T00:00:00%2B05:00"));
      case "types" ->
          pick(List.of("MESSAGE", "MESSAGE,CALL", "SMS", ",,,", "FOLLOW_UP_CHANGED,%00"));
      default -> randomSegment();
    };
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    int key = random.nextInt(20);
    if (key < 16) {
      headers.put("x-api-key", Http.KEY);
    } else if (key == 16) {
      headers.put("x-api-key", "");
    } else if (key == 17) {
      headers.put("x-api-key", randomSegment());
    } else if (key == 18) {
      headers.put("X-API-KEY", "test-key-2");
    }
    int type = random.nextInt(16);
    String contentType =
        switch (type) {
          case 0, 1, 2, 3, 4, 5 -> "application/json";
          case 6 -> "application/json; charset=utf-8";
          case 7 -> "application/json; charset=bogus";
          case 8 -> "application/json; charset=ISO-8859-1";
          case 9 -> pick(List.of("text/plain", "application/xml", "*/*", "application/*"));
          case 10 -> pick(List.of("garbage", ";;;", "application/json; charset", "/", "a/b/c"));
          case 11 -> "application/json; charset=\"utf-16\"";
          case 12 -> "application/json;charset=" + randomSegment();
          default -> null;
        };
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (random.nextInt(8) == 0) {
      headers.put(
          "Accept",
          pick(List.of("text/html", "application/xml", "*/*", "application/json", "x/y;q=0")));
    }
    if (random.nextInt(10) == 0) {
      headers.put(
          "Idempotency-Key",
          pick(List.of("k-" + random.nextInt(50), "", " ", "i".repeat(300), randomSegment())));
    }
    if (random.nextInt(60) == 0) {
      headers.put("X-Huge", "h".repeat(9_000 + random.nextInt(20_000)));
    }
    if (random.nextInt(30) == 0) {
      headers.put("Accept-Charset", pick(List.of("bogus", "utf-16", "*", "iso-8859-1;q=0")));
    }
    return headers;
  }

  // -- bodies ---------------------------------------------------------------------------------

  private static final List<String> FIELDS =
      List.of(
          "firstName",
          "lastName",
          "phone",
          "customerProfile",
          "timezone",
          "timeZone",
          "email",
          "additionalInfo",
          "followUpConfig",
          "followUpStep",
          "useStrategiesForFollowUps");

  private String validCreate() {
    return "{\"firstName\":\"Fuzz\",\"lastName\":\"Tester\",\"phone\":\"+1555"
        + (1_000_000 + random.nextInt(8_999_999))
        + "\"}";
  }

  private byte[] body() {
    int roll = random.nextInt(16);
    String text =
        switch (roll) {
          case 0, 1 -> validCreate();
          case 2 -> "{\"followUpStep\":" + pick(List.of("1", "-1", "-2", "0", "7", "\"2\"")) + "}";
          case 3, 4 -> randomObject(0).toString();
          case 5 -> brokenJson();
          case 6 ->
              pick(
                  List.of(
                      "{\"firstName\":NaN}",
                      "{\"followUpStep\":Infinity}",
                      "{}{}",
                      "{\"a\":1,\"a\":2}",
                      "[]",
                      "null",
                      "\"x\"",
                      "",
                      " ",
                      "{\"email\":\"\\u0000\"}",
                      "{\"additionalInfo\":{\"s\":\"\\ud800\"}}",
                      "{\"followUpStep\":1e999}",
                      "{\"additionalInfo\":{\"n\":-1e-99999}}"));
          case 7 -> "{\"additionalInfo\":{\"n\":" + "9".repeat(50 + random.nextInt(3000)) + "}}";
          case 8 -> {
            int depth = random.nextInt(3) == 0 ? 12_000 : 90 + random.nextInt(40);
            yield "{\"additionalInfo\":{\"d\":"
                + "[".repeat(depth)
                + (random.nextBoolean() ? "]".repeat(depth) : "")
                + "}}";
          }
          case 9 -> "{\"firstName\":\"" + "𝕏".repeat(190 + random.nextInt(20)) + "\"}";
          case 10 ->
              "{\"followUpConfig\":{\"1\":{\"hours\":"
                  + pick(List.of("1", "-1", "1e308", "87601", "\"x\"", "null", "0.5"))
                  + ",\"channel\":\""
                  + pick(List.of("text", "call", "email", "fax", ""))
                  + "\"}},\"followUpStep\":1}";
          case 11 -> "{\"x\":\"" + "y".repeat(9_000) + "\"}";
          case 12 -> null;
          default -> randomWrongTypes();
        };
    if (text == null) {
      return randomBytes();
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    random.nextBytes(bytes);
    if (random.nextBoolean()) {
      byte[] prefix = "{\"firstName\":\"".getBytes(StandardCharsets.UTF_8);
      System.arraycopy(prefix, 0, bytes, 0, Math.min(prefix.length, bytes.length));
    }
    return bytes;
  }

  private String brokenJson() {
    String valid = randomObject(0).toString();
    int cut = random.nextInt(Math.max(1, valid.length()));
    return pick(
        List.of(
            valid.substring(0, cut),
            valid.replace(":", ""),
            valid.replace("\"", "'"),
            valid + ",",
            "{" + valid,
            valid.replace("}", "]")));
  }

  private String randomWrongTypes() {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append('"').append(pick(FIELDS)).append("\":").append(randomValue(2));
    }
    return s.append('}').toString();
  }

  private com.fasterxml.jackson.databind.node.ObjectNode randomObject(int depth) {
    var object = JSON.createObjectNode();
    for (int i = 0, n = random.nextInt(5); i < n; i++) {
      String name = random.nextInt(3) == 0 ? randomSegment() : pick(FIELDS);
      object.set(name, readJson(randomValue(depth + 1)));
    }
    return object;
  }

  private String randomValue(int depth) {
    int roll = random.nextInt(depth > 3 ? 6 : 9);
    return switch (roll) {
      case 0 -> "null";
      case 1 -> Boolean.toString(random.nextBoolean());
      case 2 -> Integer.toString(random.nextInt());
      case 3 -> Double.toString(random.nextDouble() * 1e6);
      case 4 -> JSON.getNodeFactory().textNode(randomText()).toString();
      case 5 -> "\"+1555" + (1_000_000 + random.nextInt(8_999_999)) + "\"";
      case 6 -> "[" + randomValue(depth + 1) + "," + randomValue(depth + 1) + "]";
      default -> randomObject(depth + 1).toString();
    };
  }

  private String randomText() {
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = random.nextInt(30); i < n; i++) {
      int cp = random.nextInt(5) == 0 ? 0x1D400 + random.nextInt(500) : 0x20 + random.nextInt(500);
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private byte[] malformedRequestLine() {
    String line =
        pick(
            List.of(
                "GARBAGE\r\n\r\n",
                "GET /v1/leads HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET  HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/leads HTTP/1.1\r\nNoColonHere\r\n\r\n",
                "GET /v1/leads HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST /v1/leads/create HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET /v1/le ads HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/leads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: bogus\r\n\r\n",
                "GET /v1/leads?x=\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/leads HTTP/1.1\r\n\r\n"));
    return line.getBytes(StandardCharsets.ISO_8859_1);
  }
}

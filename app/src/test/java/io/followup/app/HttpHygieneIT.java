package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.RawHttp;
import io.followup.app.support.RawHttp.Answer;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Every answer that is not 2xx is {@code {"message": ...}} in plain words, whatever layer produced
 * it: one named test per defect found, through a raw socket so that any request can be sent.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpHygieneIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(3000);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an error body must never show: a Java class or package, an exception, a stack frame. */
  static final Pattern LEAK =
      Pattern.compile(
          "\\b(java|javax|jakarta|com\\.fasterxml|org\\.eclipse|org\\.glassfish|io\\.dropwizard"
              + "|io\\.followup|io\\.temporal|org\\.jdbi|org\\.postgresql)\\.|Exception|\\bat [a-z]"
              + "[\\w$]*\\.[\\w$.]+\\(|<html|<HTML");

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static RawHttp raw() {
    return new RawHttp(APP.getLocalPort());
  }

  private static RawHttp admin() {
    return new RawHttp(APP.getAdminPort());
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static Map<String, String> json() {
    return headers("x-api-key", Http.KEY, "Content-Type", "application/json");
  }

  private static String phone() {
    return "+1 (555) 020-" + PHONES.incrementAndGet();
  }

  private static String createLead() {
    Answer created =
        raw()
            .send(
                "POST",
                "/v1/leads/create",
                json(),
                lead(phone(), null).getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    return message(created, 200).get("id").asText();
  }

  /** The answer's body as JSON, checked: an object with a plain string message. */
  static JsonNode message(Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + answer.body(), e);
    }
    assertThat(body.isObject()).as(answer.body()).isTrue();
    if (status >= 300) {
      assertThat(body.path("message").isTextual()).as(answer.body()).isTrue();
      assertThat(body.get("message").asText()).isNotBlank();
      assertThat(LEAK.matcher(answer.body()).find()).as(answer.body()).isFalse();
      assertThat(answer.header("Content-Type")).startsWith("application/json");
    }
    return body;
  }

  // -- Content-Type and charsets -------------------------------------------------------------

  @Test
  void aBogusCharsetIs415NotA500() {
    byte[] body = lead(phone(), null).getBytes(StandardCharsets.UTF_8);
    Answer create =
        raw()
            .send(
                "POST",
                "/v1/leads/create",
                headers("x-api-key", Http.KEY, "Content-Type", "application/json; charset=bogus"),
                body);
    assertThat(message(create, 415).get("message").asText()).contains("charset");

    String id = createLead();
    Answer patch =
        raw()
            .send(
                "PATCH",
                "/v1/leads/" + id,
                headers("x-api-key", Http.KEY, "Content-Type", "application/json; charset=bogus"),
                "{}".getBytes(StandardCharsets.UTF_8));
    message(patch, 415);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json; charset=x-no-such-charset",
        "application/json; charset=\"\"",
        "application/json; charset=utf-99",
        "application/json;charset=***"
      })
  void anUnknownCharsetIs415(String contentType) {
    Answer answer =
        raw()
            .send(
                "POST",
                "/v1/leads/create",
                headers("x-api-key", Http.KEY, "Content-Type", contentType),
                lead(phone(), null).getBytes(StandardCharsets.UTF_8));
    message(answer, 415);
  }

  @Test
  void aMissingContentTypeWithABodyIs415() {
    Answer create =
        raw()
            .send(
                "POST",
                "/v1/leads/create",
                headers("x-api-key", Http.KEY),
                lead(phone(), null).getBytes(StandardCharsets.UTF_8));
    assertThat(message(create, 415).get("message").asText()).contains("Content-Type");

    String id = createLead();
    Answer patch =
        raw()
            .send(
                "PATCH",
                "/v1/leads/" + id,
                headers("x-api-key", Http.KEY),
                "{\"email\":\"a@b.co\"}".getBytes(StandardCharsets.UTF_8));
    message(patch, 415);
    assertThat(new Http(APP.getLocalPort()).get("/v1/leads/" + id).body().get("email").isNull())
        .isTrue();
  }

  @Test
  void utf8WithAnExplicitCharsetStillWorks() {
    Answer answer =
        raw()
            .send(
                "POST",
                "/v1/leads/create",
                headers("x-api-key", Http.KEY, "Content-Type", "application/json; charset=UTF-8"),
                lead(phone(), "\"customerProfile\":\"Zoë 𝕏\"").getBytes(StandardCharsets.UTF_8));
    String id = message(answer, 200).get("id").asText();
    assertThat(new Http(APP.getLocalPort()).get("/v1/leads/" + id).body().get("customerProfile"))
        .hasToString("\"Zoë 𝕏\"");
  }

  // -- bodies ---------------------------------------------------------------------------------

  private static Answer post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer post(byte[] body) {
    return raw().send("POST", "/v1/leads/create", json(), body);
  }

  @Test
  void nanIsAPlainBodyError() {
    Answer answer = post("{\"firstName\":NaN}");
    assertThat(message(answer, 400).get("message").asText())
        .isEqualTo("body: is not valid JSON (line 1, column 17)");
  }

  @Test
  void trailingContentIsAPlainBodyError() {
    Answer answer = post("{}{}");
    assertThat(message(answer, 400).get("message").asText())
        .startsWith("body: is not valid JSON (line 1, column");
  }

  @Test
  void deepNestingIsAPlainBodyError() {
    Answer deep = post("{\"additionalInfo\":{\"a\":" + "[".repeat(150) + "]".repeat(150) + "}}");
    assertThat(message(deep, 400).get("message").asText())
        .isEqualTo("body: nests arrays and objects more than 100 levels deep");

    Answer unclosed = post("[".repeat(8000));
    assertThat(message(unclosed, 400).get("message").asText()).startsWith("body: nests");

    Answer overTheLimit = post("[".repeat(10_000));
    message(overTheLimit, 413);
  }

  @Test
  void aVeryLongNumberIsAPlainBodyError() {
    Answer longNumber = post("{\"additionalInfo\":{\"n\":" + "9".repeat(1500) + "}}");
    assertThat(message(longNumber, 400).get("message").asText())
        .isEqualTo("body: holds a number longer than 100 characters");

    Answer huge = post("{\"followUpStep\":1e999}");
    assertThat(message(huge, 400).get("message").asText())
        .isEqualTo("body: holds a number out of range");
  }

  @Test
  void aNulCharacterOrALoneSurrogateIsABodyErrorNotA500() {
    Answer nul = post(lead(phone(), "\"customerProfile\":\"a\\u0000b\""));
    assertThat(message(nul, 400).get("message").asText()).startsWith("body: must not contain");

    Answer surrogate = post(lead(phone(), "\"additionalInfo\":{\"x\":\"\\ud800\"}"));
    assertThat(message(surrogate, 400).get("message").asText()).startsWith("body: holds a lone");
  }

  @Test
  void malformedUtf8IsRejectedNotStoredAsReplacementCharacters() {
    byte[] prefix =
        "{\"firstName\":\"A\",\"lastName\":\"L\",\"phone\":\"+15550209999\",\"customerProfile\":\""
            .getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3; // a lead byte followed by no continuation
    body[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

    Answer answer = post(body);
    assertThat(message(answer, 400).get("message").asText()).isEqualTo("body: is not valid UTF-8");
    // nothing was stored: the same phone is still free
    message(post(lead("+15550209999", null)), 200);
  }

  @Test
  void lengthsAreCountedInCharactersNotUtf16Units() {
    String x = "𝕏"; // one character, two UTF-16 units
    Answer fits = post(lead(phone(), null).replace("\"Ada\"", "\"" + x.repeat(200) + "\""));
    message(fits, 200);

    Answer over = post(lead(phone(), null).replace("\"Ada\"", "\"" + x.repeat(201) + "\""));
    assertThat(message(over, 400).get("message").asText())
        .isEqualTo("firstName: must be at most 200 characters");
  }

  // -- paths, methods, headers: Jetty's own errors ---------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"/v1/leads/%ff", "/v1/leads/%2F", "/v1/leads/%2e%2e/x", "/v1/%00"})
  void aPathJettyCannotDecodeIsAJsonError(String path) {
    Answer answer = raw().send("GET", path, headers("x-api-key", Http.KEY), null);
    assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
    message(answer, answer.status());
  }

  @Test
  void aVeryLongLeadIdIsAJson404WithoutEchoingIt() {
    String id = "a".repeat(10_000);
    Answer get = raw().send("GET", "/v1/leads/" + id, headers("x-api-key", Http.KEY), null);
    assertThat(get.status()).isIn(404, 414);
    message(get, get.status());
    assertThat(get.body()).doesNotContain("aaaaaaaaaa");

    Answer longish =
        raw().send("GET", "/v1/leads/" + "b".repeat(101), headers("x-api-key", Http.KEY), null);
    assertThat(message(longish, 404).get("message").asText()).doesNotContain("bbbbbbbbbb");
    Answer events =
        raw()
            .send(
                "GET",
                "/v1/leads/" + "b".repeat(101) + "/events",
                headers("x-api-key", Http.KEY),
                null);
    message(events, 404);
  }

  @Test
  void aHugeHeaderIsAJson431() {
    Answer answer =
        raw()
            .send(
                "GET",
                "/v1/leads",
                headers("x-api-key", Http.KEY, "X-Big", "h".repeat(20_000)),
                null);
    message(answer, 431);
  }

  @Test
  void anUnknownPathIsAJson404() {
    message(raw().send("GET", "/nope", headers("x-api-key", Http.KEY), null), 404);
    message(raw().send("GET", "/v1/leads/x/y/z", headers("x-api-key", Http.KEY), null), 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRACE", "PROPFIND", "PUT", "BREW", "CONNECT"})
  void anUnknownMethodIsAJson405WithABody(String method) {
    Answer answer = raw().send(method, "/v1/leads/some-id", headers("x-api-key", Http.KEY), null);
    assertThat(answer.status()).isIn(400, 405);
    assertThat(answer.body()).isNotEmpty();
    message(answer, answer.status());
  }

  @Test
  void theAdminPortAnswersErrorsAsJsonToo() {
    message(admin().send("GET", "/no-such-admin-page", headers(), null), 404);
    message(admin().send("TRACE", "/ping", headers(), null), 405);
    message(admin().send("GET", "/%ff", headers(), null), 400);
  }

  // -- query instants -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/leads?createdSince=%2B500000000-01-01T00:00:00Z",
        "/v1/leads?updatedSince=-000001-01-01T00:00:00Z",
        "/v1/leads?createdSince=1969-12-31T23:59:59Z",
        "/v1/leads?updatedSince=%2B10000-01-01T00:00:00Z",
      })
  void aQueryInstantOutsideYears1970To9999IsA400NamingIt(String target) {
    Answer answer = raw().send("GET", target, headers("x-api-key", Http.KEY), null);
    String field = target.substring(target.indexOf('?') + 1, target.indexOf('='));
    assertThat(message(answer, 400).get("message").asText()).startsWith(field + ": must be from");
  }

  @Test
  void anEventsSinceOutsideTheRangeIsA400NamingIt() {
    String id = createLead();
    Answer answer =
        raw()
            .send(
                "GET",
                "/v1/leads/" + id + "/events?since=%2B500000000-01-01T00:00:00Z",
                headers("x-api-key", Http.KEY),
                null);
    assertThat(message(answer, 400).get("message").asText()).startsWith("since: must be from");
    Answer inRange =
        raw()
            .send(
                "GET",
                "/v1/leads/" + id + "/events?since=9999-12-31T23:59:59Z",
                headers("x-api-key", Http.KEY),
                null);
    message(inRange, 200);
  }

  // -- logs -----------------------------------------------------------------------------------

  @Test
  void aRejectedPatchLogsAtMostOneLineAndNoStackTrace() {
    String id =
        message(
                post(
                    lead(
                        phone(), "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}")),
                200)
            .get("id")
            .asText();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      List<String> rejected =
          List.of(
              "{\"followUpStep\":7}",
              "{\"followUpConfig\":{\"5\":{\"hours\":1,\"channel\":\"text\"}}}",
              "{\"emial\":\"x\"}",
              "{\"followUpStep\":NaN}");
      for (String body : rejected) {
        Answer answer =
            raw().send("PATCH", "/v1/leads/" + id, json(), body.getBytes(StandardCharsets.UTF_8));
        message(answer, 400);
      }
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list)
        .as("%s", logs.list)
        .allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
    assertThat(logs.list.size()).as("%s", logs.list).isLessThanOrEqualTo(4);
  }
}

package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.RawHttp;
import io.followup.app.support.RawHttp.Answer;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every answer carries {@code X-Request-Id}, on both ports and whatever layer answers (Jersey, the
 * servlet filters, Jetty's own error handlers): the caller's id when it is acceptable, a new one
 * otherwise.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestIdIT {
  private static final String DB = TestDatabases.create();
  private static final String KEY = "test-key-1";

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static Answer api(String method, String path, Map<String, String> headers) {
    return new RawHttp(APP.getLocalPort()).send(method, path, headers, null);
  }

  private static void assertNewId(Answer answer) {
    assertThat(answer.header("X-Request-Id")).as(answer.toString()).isNotNull();
    assertThat(UUID.fromString(answer.header("X-Request-Id"))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/leads", // 200
        "/v1/leads/no-such-lead", // 404 from the use case
        "/v1/leads?limit=x", // 400
        "/v1/nothing-here", // 404 from Jersey
        "/v1/openapi.json", // without a key
        "/docs",
      })
  void theCallersIdIsEchoed(String path) {
    String id = "crm-" + UUID.randomUUID();
    Answer answer = api("GET", path, headers("x-api-key", KEY, "X-Request-Id", id));
    assertThat(answer.header("X-Request-Id")).as(answer.toString()).isEqualTo(id);
  }

  @Test
  void aRejectedKeyStillGetsTheId() {
    Answer answer = api("GET", "/v1/leads", headers("x-api-key", "wrong", "X-Request-Id", "r-1"));
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("X-Request-Id")).isEqualTo("r-1");
  }

  @Test
  void withoutAnIdANewOneIsMade() {
    Answer first = api("GET", "/v1/leads", headers("x-api-key", KEY));
    Answer second = api("GET", "/v1/leads", headers("x-api-key", KEY));
    assertNewId(first);
    assertNewId(second);
    assertThat(first.header("X-Request-Id")).isNotEqualTo(second.header("X-Request-Id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "semi;colon", "quote\"d", "<script>", "ü-umlaut"})
  void anUnsafeIdIsReplacedNotEchoed(String sent) {
    Answer answer = api("GET", "/v1/leads", headers("x-api-key", KEY, "X-Request-Id", sent));
    assertThat(answer.status()).isEqualTo(200);
    assertNewId(answer);
  }

  @Test
  void anIdLongerThan128CharactersIsReplaced() {
    Answer longest =
        api("GET", "/v1/leads", headers("x-api-key", KEY, "X-Request-Id", "a".repeat(128)));
    assertThat(longest.header("X-Request-Id")).isEqualTo("a".repeat(128));
    assertNewId(
        api("GET", "/v1/leads", headers("x-api-key", KEY, "X-Request-Id", "a".repeat(129))));
  }

  @Test
  void jettysOwnErrorsCarryTheIdToo() {
    // a path Jetty cannot decode, a header too large: answered before any servlet filter, from a
    // request Jetty could not read, so with a new id
    Answer badPath = api("GET", "/v1/leads/%ff", headers("x-api-key", KEY, "X-Request-Id", "j-1"));
    assertThat(badPath.status()).isBetween(400, 499);
    assertNewId(badPath);

    Answer huge =
        api(
            "GET",
            "/v1/leads",
            headers("x-api-key", KEY, "X-Request-Id", "j-2", "X-Big", "h".repeat(20_000)));
    assertThat(huge.status()).isEqualTo(431);
    assertNewId(huge);

    Answer method = api("TRACE", "/v1/leads", headers("x-api-key", KEY, "X-Request-Id", "j-3"));
    assertThat(method.status()).isIn(400, 405);
    assertThat(method.header("X-Request-Id")).isEqualTo("j-3");
  }

  @Test
  void theAdminPortEchoesItToo() {
    RawHttp admin = new RawHttp(APP.getAdminPort());
    assertThat(
            admin.send("GET", "/ping", headers("X-Request-Id", "a-1"), null).header("X-Request-Id"))
        .isEqualTo("a-1");
    Answer missing = admin.send("GET", "/no-such-page", headers("X-Request-Id", "a-2"), null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("X-Request-Id")).isEqualTo("a-2");
  }
}

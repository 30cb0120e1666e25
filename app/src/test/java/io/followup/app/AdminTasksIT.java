package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.RawHttp;
import io.followup.app.support.RawHttp.Answer;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The admin port's tasks: {@code log-level} refuses an unknown level (logback would read it as
 * DEBUG) and an unparsable duration with a 400 naming the parameter, changing nothing; a method the
 * admin port does not take is a 405 with a JSON body.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminTasksIT {
  private static final String DB = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private static RawHttp admin() {
    return new RawHttp(APP.getAdminPort());
  }

  private static String message(Answer answer) throws Exception {
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    return JSON.readTree(answer.body()).path("message").asText();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown level    | logger=io.followup.probe&level=BOGUS                  | level: must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, ALL
      bad duration     | logger=io.followup.probe&level=INFO&duration=abc      | duration: must be an ISO-8601 duration, such as PT10M
      negative         | logger=io.followup.probe&level=INFO&duration=-PT1M    | duration: must not be negative
      """)
  void logLevelRefusesBadParametersAndChangesNothing(String rule, String query, String expected)
      throws Exception {
    Logger probe = (Logger) LoggerFactory.getLogger("io.followup.probe");
    probe.setLevel(Level.WARN);

    Answer answer = admin().send("POST", "/tasks/log-level?" + query, Map.of(), new byte[0]);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(message(answer)).isEqualTo(expected);
    assertThat(probe.getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aGoodLevelStillWorks() {
    Logger probe = (Logger) LoggerFactory.getLogger("io.followup.probe2");
    Answer answer =
        admin()
            .send(
                "POST",
                "/tasks/log-level?logger=io.followup.probe2&level=info&duration=PT1M",
                Map.of(),
                new byte[0]);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(probe.getLevel()).isEqualTo(Level.INFO);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, /tasks/log-level", "PUT, /tasks/gc", "POST, /healthcheck", "DELETE, /metrics"})
  void aMethodTheAdminPortDoesNotTakeIsA405WithABody(String method, String path) throws Exception {
    Answer answer = admin().send(method, path, Map.of(), method.equals("GET") ? null : new byte[0]);
    assertThat(answer.status()).as(answer.body()).isEqualTo(405);
    assertThat(message(answer)).isNotBlank();
  }
}

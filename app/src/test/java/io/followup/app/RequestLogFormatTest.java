package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The access log of both shipped configurations logs the path without its query string ({@code %U})
 * and the request id, so a key or a phone number sent as a query parameter never reaches the log.
 * {@code EmbeddedJarIT} checks the embedded run's real output.
 */
class RequestLogFormatTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = RequestLogFormatTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String logFormat(String config) {
    return config
        .lines()
        .filter(line -> line.strip().startsWith("pattern:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no requestLog pattern"));
  }

  @Test
  void bothConfigurationsLogThePathWithoutQueryString() throws IOException {
    String production = logFormat(resource("config.yml"));
    String embedded = logFormat(resource("embedded.yml"));

    assertThat(production).isEqualTo(embedded).contains("%U", "%responseHeader{X-Request-Id}");
    // %r is the request line, %q the query string, %i{Referer} may carry either
    assertThat(production)
        .doesNotContainPattern("%r(?![a-zA-Z])")
        .doesNotContain("%q", "Referer", "requestURL", "%reqParameter");
  }
}

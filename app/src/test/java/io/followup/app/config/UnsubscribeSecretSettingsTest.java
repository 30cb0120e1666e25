package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** UNSUBSCRIBE_SECRET in the conversations settings. */
class UnsubscribeSecretSettingsTest {
  private static ConversationSettings withSecret(String secret) {
    ConversationSettings s = new ConversationSettings();
    s.unsubscribeSecret = secret;
    return s;
  }

  @Test
  void unsetMeansTheDatabaseKeepsAGeneratedOne() {
    assertThat(withSecret("").configuredUnsubscribeSecret()).isEmpty();
    assertThat(withSecret(null).configuredUnsubscribeSecret()).isEmpty();
    assertThat(Violations.of(withSecret(""))).isEmpty();
  }

  @Test
  void aConfiguredSecretIsUsedAsItsUtf8Bytes() {
    String secret = "0123456789abcdef-long-enough";
    assertThat(withSecret(secret).configuredUnsubscribeSecret())
        .hasValueSatisfying(
            bytes -> assertThat(bytes).isEqualTo(secret.getBytes(StandardCharsets.UTF_8)));
    assertThat(Violations.of(withSecret(secret))).isEmpty();
  }

  @Test
  void aShortSecretStopsTheStartWithoutEchoingIt() {
    assertThat(Violations.of(withSecret("short-secret")))
        .containsExactly(
            "UNSUBSCRIBE_SECRET: must be at least 16 characters"
                + " (unset: one is generated and kept in the database)")
        .allSatisfy(problem -> assertThat(problem).doesNotContain("short-secret"));
  }
}

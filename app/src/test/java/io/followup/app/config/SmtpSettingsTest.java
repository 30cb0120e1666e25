package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.smtp.SmtpProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpSettingsTest {
  private static SmtpSettings smtp() {
    SmtpSettings s = new SmtpSettings();
    s.provider = "smtp";
    s.host = "smtp.example.com";
    s.from = "Sales <sales@example.com>";
    s.username = "relay";
    s.password = "secret";
    return s;
  }

  @Test
  void theDefaultIsTheLoggingProviderAndBreaksNoRule() {
    SmtpSettings defaults = new SmtpSettings();

    assertThat(Violations.of(defaults)).isEmpty();
    assertThat(defaults.build()).isInstanceOf(LoggingProvider.class);
  }

  @Test
  void smtpWithHostAndSenderBuildsTheSmtpProviderWithoutItsPassword() {
    SmtpSettings s = smtp();

    assertThat(Violations.of(s)).isEmpty();
    assertThat(s.build())
        .isInstanceOf(SmtpProvider.class)
        .asString()
        .isEqualTo("smtp smtp.example.com:587 tls=starttls as relay from Sales <sales@example.com>")
        .doesNotContain("secret");
  }

  @Test
  void itsDescriptionForTheLogNamesNoAddress() {
    SmtpSettings s = smtp();
    s.username = "mailbox-owner@example.com";

    assertThat(s.describe())
        .isEqualTo("smtp smtp.example.com:587 tls=starttls with auth")
        .doesNotContain("mailbox-owner")
        .doesNotContain("sales@example.com")
        .doesNotContain("secret");
    assertThat(new SmtpSettings().describe()).isEqualTo("logging");
  }

  @Test
  void smtpWithoutHostOrSenderNamesTheVariables() {
    SmtpSettings s = new SmtpSettings();
    s.provider = "smtp";

    assertThat(Violations.of(s))
        .containsExactlyInAnyOrder(
            "SMTP_HOST: is required with EMAIL_PROVIDER=smtp",
            "EMAIL_FROM: is required with EMAIL_PROVIDER=smtp");
  }

  @Test
  void everyBadValueNamesItsVariable() {
    SmtpSettings s = smtp();
    s.port = "smtp";
    s.tls = "ssl";
    s.from = "not an address";
    s.password = "";

    assertThat(Violations.of(s))
        .containsExactlyInAnyOrder(
            "SMTP_PORT: must be a port from 1 to 65535",
            "SMTP_TLS: must be starttls, tls or none; got ssl",
            "EMAIL_FROM: must be an email address (Name <address> allowed); got not an address",
            "SMTP_PASSWORD: is required with SMTP_USERNAME");

    SmtpSettings unknown = new SmtpSettings();
    unknown.provider = "sendgrid";
    assertThat(Violations.of(unknown))
        .containsExactly("EMAIL_PROVIDER: must be logging or smtp; got sendgrid");
  }

  @Test
  void aRelayWithoutLoginNeedsNeitherUserNorPassword() {
    SmtpSettings s = smtp();
    s.username = "";
    s.password = "";
    s.tls = "none";
    s.port = "25";

    assertThat(Violations.of(s)).isEmpty();
  }

  /** The YAML files' ${VARIABLE:-default} repeat the Java defaults. */
  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void theYamlDefaultsAreTheJavaDefaults(String file) throws IOException {
    String text;
    try (InputStream in = SmtpSettingsTest.class.getResourceAsStream("/" + file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String block = text.substring(text.indexOf("\nemail:"));
    block = block.substring(0, block.indexOf("\n\n"));
    Map<String, String> yaml = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^  (\\w+): \"?\\$\\{(\\w+):-([^}]*)}").matcher(block);
    while (m.find()) {
      yaml.put(m.group(1), m.group(2) + "=" + m.group(3));
    }
    SmtpSettings java = new SmtpSettings();

    assertThat(yaml)
        .containsExactly(
            Map.entry("provider", "EMAIL_PROVIDER=" + java.provider),
            Map.entry("host", "SMTP_HOST=" + java.host),
            Map.entry("port", "SMTP_PORT=" + java.port),
            Map.entry("username", "SMTP_USERNAME=" + java.username),
            Map.entry("password", "SMTP_PASSWORD=" + java.password),
            Map.entry("tls", "SMTP_TLS=" + java.tls),
            Map.entry("from", "EMAIL_FROM=" + java.from));
  }
}

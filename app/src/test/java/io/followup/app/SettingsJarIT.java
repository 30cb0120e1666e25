package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings stop the packaged jar's start with one line per problem, naming the variable. */
class SettingsJarIT {
  private static final Path JAR = Path.of("target", "followup.jar");

  @TempDir Path dataDir;

  @Test
  void badSettingsStopTheStartWithALineNamingEachVariable() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", JAR.toString(), "embedded")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("out.log").toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("PORT", "0");
    builder.environment().put("ADMIN_PORT", "0");
    builder.environment().put("NURTURE_INTERVAL_HOURS", "0");
    builder.environment().put("SENDING_WINDOW_START", "21:00");
    builder.environment().put("SENDING_WINDOW_END", "08:00");
    builder.environment().put("DEFAULT_TIMEZONE", "GMT+5");
    builder.environment().put("TEXT_PROVIDER", "twilio");
    builder.environment().put("TWILIO_AUTH_TOKEN", "never-shown");
    builder.environment().put("EMAIL_PROVIDER", "smtp");
    builder.environment().put("SMTP_PASSWORD", "never-shown");
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the start stopped").isTrue();
    String out = Files.readString(dataDir.resolve("out.log"));
    assertThat(process.exitValue()).as(out).isNotZero();
    assertThat(out)
        .contains("NURTURE_INTERVAL_HOURS: must be a number of hours above 0")
        .contains("SENDING_WINDOW_END: must be after the sending window's start (21:00)")
        .contains("DEFAULT_TIMEZONE: must be a tz database region name")
        .contains("TWILIO_ACCOUNT_SID: is required when TEXT_PROVIDER or CALL_PROVIDER is twilio")
        .contains("TWILIO_FROM_NUMBER: is required (or TWILIO_MESSAGING_SERVICE_SID)")
        .contains("SMTP_HOST: is required with EMAIL_PROVIDER=smtp")
        .contains("EMAIL_FROM: is required with EMAIL_PROVIDER=smtp")
        .contains("SMTP_USERNAME: is required with SMTP_PASSWORD")
        .doesNotContain("never-shown")
        .doesNotContain("Exception")
        .doesNotContainPattern("\\n\\s*at [a-z]+\\.");
  }

  @Test
  void aTemplateThatDoesNotCompileStopsTheStartNamingTemplatesDir() throws Exception {
    Path templates = Files.createDirectory(dataDir.resolve("templates"));
    Files.writeString(templates.resolve("email-text.mustache"), "Hi {{firstName");
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", JAR.toString(), "embedded")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("out.log").toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("PORT", "0");
    builder.environment().put("ADMIN_PORT", "0");
    builder.environment().put("TEMPLATES_DIR", templates.toString());
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the start stopped").isTrue();
    String out = Files.readString(dataDir.resolve("out.log"));
    assertThat(process.exitValue()).as(out).isNotZero();
    assertThat(out)
        .contains("TEMPLATES_DIR: template email (text) does not compile")
        .doesNotContainPattern("\\n\\s*at [a-z]+\\.");
  }
}

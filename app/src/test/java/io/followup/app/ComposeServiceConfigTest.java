package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.followup.app.cli.EnvironmentSubstitutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every service of docker-compose.yml that runs the product's image, started the way Compose starts
 * it: its environment interpolated from .env.example (with a value for each variable the file
 * requires), then its config file read and validated as the jar's {@code check} command (and every
 * command's start) does: Dropwizard's Bean Validation, which holds every rule of the settings (the
 * constraint annotations and each block's {@code HandChecked} rules). A service whose configuration
 * fails here would crash-loop under {@code restart: unless-stopped} while {@code docker compose up
 * -d} reports success.
 */
class ComposeServiceConfigTest {
  private static final String IMAGE = "followup:local";

  /** Where the Dockerfile puts config.yml, and where it comes from in the repository. */
  private static final Map<String, String> IMAGE_FILES =
      Map.of("/app/config.yml", "app/src/main/resources/config.yml");

  /** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ is a $. */
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?}");

  private static Path repo;
  private static Map<String, Map<String, Object>> services;
  private static Map<String, String> shell;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    repo = repoRoot();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Map<String, Object> compose =
        new Yaml(new SafeConstructor(options))
            .load(Files.readString(repo.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
    shell = envExample();
  }

  static Stream<String> productServices() throws IOException {
    if (services == null) {
      load();
    }
    return services.entrySet().stream()
        .filter(e -> IMAGE.equals(e.getValue().get("image")))
        .map(Map.Entry::getKey)
        .sorted();
  }

  @Test
  void theApiAndEveryFleetRunTheProductsImage() throws IOException {
    assertThat(productServices())
        .contains("api", "worker-workflows", "worker-text", "worker-call", "worker-email");
  }

  @ParameterizedTest
  @MethodSource("productServices")
  void passesTheJarsCheckWithTheEnvironmentComposeGivesIt(String name) throws Exception {
    Map<String, Object> service = services.get(name);
    List<?> command = (List<?>) service.get("command");
    assertThat(command).as("command of %s", name).hasSize(2);
    String file = IMAGE_FILES.get(command.get(1).toString());
    assertThat(file).as("%s's config file is one the image holds", name).isNotNull();
    Map<String, String> env = containerEnvironment(service);

    try {
      check(file, env);
    } catch (ConfigurationValidationException e) {
      throw new AssertionError(name + ": `check " + command.get(1) + "` fails: " + e.getMessage());
    }
  }

  /** The same check holds every rule of the settings, each line naming its variable. */
  @Test
  void theCheckReportsABadSettingOfEachKindNamingItsVariable() {
    Map<String, String> env = containerEnvironment(services.get("api"));
    env.put("RATE_LIMIT_PER_SECOND", "-1"); // an annotation
    env.put("TEXT_PROVIDER", "twilio"); // a rule across settings
    env.put("TWILIO_ACCOUNT_SID", "");
    env.put("SENDING_WINDOW_START", "8am"); // a hand-written rule
    env.put("WEBHOOK_URLS", "ftp://files.example.com/x");

    assertThatThrownBy(() -> check("app/src/main/resources/config.yml", env))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("RATE_LIMIT_PER_SECOND: must be 0 (no limit) or more; got -1")
        .hasMessageContaining(
            "TWILIO_ACCOUNT_SID: is required when TEXT_PROVIDER or CALL_PROVIDER is twilio")
        .hasMessageContaining("SENDING_WINDOW_START: must be a time of day HH:MM")
        .hasMessageContaining("WEBHOOK_URLS: URL 1 must be an http or https URL");
  }

  /** What the jar's {@code check} does with a config file and an environment. */
  private static FollowUpConfiguration check(String file, Map<String, String> env)
      throws Exception {
    return new YamlConfigurationFactory<>(
            FollowUpConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentSubstitutor(env::get)),
            repo.resolve(file).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pa\"ss", "pa\\ss", "pa$ss", "pa ss"})
  void theSchemaJobRefusesAPasswordTemporalsConfigTemplateCannotHold(String password)
      throws Exception {
    ProcessBuilder sh =
        new ProcessBuilder("sh", repo.resolve("deploy/temporal/setup-schema.sh").toString())
            .redirectErrorStream(true);
    sh.environment().put("POSTGRES_SEEDS", "postgresql");
    sh.environment().put("POSTGRES_USER", "followup");
    sh.environment().put("SQL_PASSWORD", password);
    Process process = sh.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isEqualTo(1);
    assertThat(output).contains("POSTGRES_PASSWORD").contains("openssl rand -hex");
  }

  /** Compose's view: the service's environment, interpolated from the shell (.env.example). */
  private static Map<String, String> containerEnvironment(Map<String, Object> service) {
    Map<String, String> env = new TreeMap<>();
    if (service.get("environment") instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            String key = k.toString();
            // KEY: with no value passes the shell's variable through, or nothing when unset
            String value = v == null ? shell.get(key) : interpolate(v.toString(), key);
            if (value != null) {
              env.put(key, value);
            }
          });
    } else {
      fail("environment given as a map in every product service");
    }
    return env;
  }

  private static String interpolate(String text, String key) {
    Matcher m = INTERPOLATION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = shell.get(m.group(1));
        boolean emptyIsUnset = ":".equals(m.group(2));
        boolean unset = value == null || (emptyIsUnset && value.isEmpty());
        if (m.group(3) == null) {
          replacement = value == null ? "" : value;
        } else if (m.group(3).equals("-")) {
          replacement = unset ? m.group(4) : value;
        } else {
          assertThat(unset)
              .as("%s needs %s, which .env.example (filled in) leaves unset", key, m.group(1))
              .isFalse();
          replacement = value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The uncommented lines of .env.example, as an operator who followed its first line has them: the
   * required values (empty in the example) filled in with hex, as its comments advise.
   */
  private static Map<String, String> envExample() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    Pattern line = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    for (String text : Files.readAllLines(repo.resolve(".env.example"))) {
      Matcher m = line.matcher(text.trim());
      if (m.matches()) {
        String value = m.group(2);
        values.put(m.group(1), value.isEmpty() ? "0a1b2c3d4e5f60718293a4b5c6d7e8f9" : value);
      }
    }
    return values;
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
          && Files.isDirectory(dir.resolve("app"))) {
        return dir;
      }
    }
    return fail("no docker-compose.yml above %s", Path.of("").toAbsolutePath());
  }
}

package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.followup.workflows.FollowUpSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml cannot be started on the project's machines (no Docker engine), so this checks
 * it twice: against the Compose specification's JSON schema (shared/compose, beside the
 * repository), then against the project's own contract: config.yml's variables, the worker roles,
 * the search attributes the workflows upsert, and the image the Dockerfile builds.
 */
class ComposeFileTest {
  private static final String SCHEMA = "shared/compose/compose-spec.json";
  private static final String CONFIG_YML = "app/src/main/resources/config.yml";
  private static final Set<String> WORKER_ROLES = Set.of("workflows", "text", "call", "email");

  /** Read by the process, not config.yml: the java launcher's options. */
  private static final Set<String> PROCESS_VARIABLES = Set.of("JDK_JAVA_OPTIONS");

  private static final Pattern CONFIG_VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  private static Path repo;
  private static Map<String, Object> compose;

  /** Every variable config.yml reads, with its default ("" when it has none). */
  private static Map<String, String> configVariables;

  @BeforeAll
  static void load() throws IOException {
    repo = repoRoot();
    Path file = repo.resolve("docker-compose.yml");
    assertThat(file).as("docker-compose.yml at the repository root").isRegularFile();
    // SnakeYAML, not jackson-dataformat-yaml: Jackson's YAML parser neither expands *aliases nor
    // applies <<: merge keys, and the compose file shares its environment blocks through both.
    // (SnakeYAML is on the classpath through Dropwizard's configuration module.)
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    compose = new Yaml(new SafeConstructor(options)).load(Files.readString(file));

    configVariables = new LinkedHashMap<>();
    Matcher m = CONFIG_VARIABLE.matcher(Files.readString(repo.resolve(CONFIG_YML)));
    while (m.find()) {
      configVariables.putIfAbsent(m.group(1), m.group(2) == null ? "" : m.group(2));
    }
    assertThat(configVariables).as("variables read by " + CONFIG_YML).isNotEmpty();
  }

  // ---- the Compose specification ----

  @Test
  void isValidAgainstTheComposeSpecification() throws IOException {
    Path schemaFile = composeSchema();
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            // the schema's $id is relative (compose_spec.json): give it the file's location as base
            .getSchema(
                SchemaLocation.of(schemaFile.toUri().toString()),
                Files.readString(schemaFile),
                InputFormat.JSON);
    String json = new ObjectMapper().writeValueAsString(compose);

    List<Error> errors = schema.validate(json, InputFormat.JSON);

    assertThat(errors)
        .as("docker-compose.yml against %s", schemaFile)
        .extracting(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .isEmpty();
  }

  @Test
  void hasNoObsoleteVersionKey() {
    assertThat(compose).doesNotContainKey("version");
  }

  @Test
  void everyImageIsPinnedToATag() {
    services()
        .forEach(
            (name, service) -> {
              Object image = service.get("image");
              if (image != null) {
                assertThat(image.toString())
                    .as("image of %s", name)
                    .matches("[^:]+:[^:]+")
                    .doesNotEndWith(":latest");
              }
            });
  }

  // ---- services ----

  @Test
  void declaresTheWholeStack() {
    assertThat(services())
        .containsKeys(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-namespace",
            "temporal-ui",
            "temporal-search-attributes",
            "prometheus",
            "grafana",
            "api",
            "worker-workflows",
            "worker-text",
            "worker-call",
            "worker-email");
  }

  @Test
  void postgresqlHostsTheAppDatabaseAndReportsReadiness() {
    Map<String, Object> postgres = service("postgresql");
    assertThat(postgres.get("image")).isEqualTo("postgres:16");
    assertThat(environment(postgres)).containsEntry("POSTGRES_DB", "followup");
    assertThat(String.join(" ", healthcheck(postgres))).contains("pg_isready");
  }

  @Test
  void temporalRunsTheServerImageOnThePostgresqlService() {
    // auto-setup is retired (its last image is 1.29.x): the server image, set up by one-shot jobs
    Map<String, Object> temporal = service("temporal");
    assertThat(temporal.get("image").toString())
        .matches("temporalio/server:1\\.(3\\d|[4-9]\\d)\\.\\d+");
    Map<String, String> env = environment(temporal);
    assertThat(env).containsEntry("DB", "postgres12").containsEntry("POSTGRES_SEEDS", "postgresql");
    assertThat(env.get("POSTGRES_USER"))
        .isEqualTo(environment(service("postgresql")).get("POSTGRES_USER"));
    assertThat(env.get("POSTGRES_PWD"))
        .isEqualTo(environment(service("postgresql")).get("POSTGRES_PASSWORD"));
    // the image binds loopback unless told: the other containers could not reach it
    assertThat(env).containsEntry("BIND_ON_IP", "0.0.0.0");
    assertThat(dependsOn(temporal))
        .containsEntry("temporal-schema", "service_completed_successfully");
    assertThat(containerPorts(temporal)).contains(7233);
  }

  @Test
  void theHistoryShardCountIsSetDeliberately() {
    // it can never change after the first start; the image's default (4) caps a fleet for good
    String shards = environment(service("temporal")).get("NUM_HISTORY_SHARDS");
    assertThat(shards).as("NUM_HISTORY_SHARDS").isNotBlank();
    int count = Integer.parseInt(shards);
    assertThat(count).isGreaterThanOrEqualTo(128);
    assertThat(Integer.bitCount(count)).as("a power of two").isEqualTo(1);
  }

  @Test
  void temporalsHealthCheckNeedsNoTemporalCli() {
    // the server image has no temporal CLI (auto-setup had one)
    List<String> check = healthcheck(service("temporal"));
    assertThat(check).isNotEmpty();
    assertThat(String.join(" ", check)).doesNotContain("temporal operator").doesNotContain("tctl");
    assertThat(check.get(1)).as("the program the check runs").isIn("nc", "CMD-SHELL");
    assertThat(String.join(" ", check)).contains("7233");
  }

  @Test
  void oneShotJobsSetUpTheSchemaAndTheNamespaceWithTheServersVersion() {
    String serverVersion = tag(service("temporal"));
    for (String job :
        List.of("temporal-schema", "temporal-namespace", "temporal-search-attributes")) {
      Map<String, Object> service = service(job);
      assertThat(service.get("image").toString()).as(job).startsWith("temporalio/admin-tools:");
      assertThat(tag(service))
          .as("admin-tools of %s: the server's version", job)
          .isEqualTo(serverVersion);
      assertThat(service.get("restart"))
          .as("%s runs once", job)
          .isNotIn("always", "unless-stopped");
    }
    Map<String, Object> schema = service("temporal-schema");
    assertThat(dependsOn(schema)).containsEntry("postgresql", "service_healthy");
    assertThat(environment(schema))
        .containsEntry("POSTGRES_SEEDS", "postgresql")
        .containsEntry("POSTGRES_USER", environment(service("postgresql")).get("POSTGRES_USER"))
        .containsEntry("SQL_PASSWORD", environment(service("postgresql")).get("POSTGRES_PASSWORD"));
    assertThat(script(schema)).contains("setup-schema").contains("update-schema");

    Map<String, Object> namespace = service("temporal-namespace");
    assertThat(dependsOn(namespace)).containsEntry("temporal", "service_healthy");
    assertThat(environment(namespace))
        .containsEntry("TEMPORAL_ADDRESS", temporalTarget())
        .containsEntry("TEMPORAL_NAMESPACE", environment(service("api")).get("TEMPORAL_NAMESPACE"));
    assertThat(script(namespace)).contains("temporal operator namespace create");
  }

  @Test
  void postgresqlAllowsTheConnectionsOfEveryPool() {
    Matcher max =
        Pattern.compile("max_connections=(\\d+)")
            .matcher(String.join(" ", words(service("postgresql").get("command"))));
    assertThat(max.find()).as("postgresql's command sets max_connections").isTrue();
    int allowed = Integer.parseInt(max.group(1));

    int app = 0;
    for (Map.Entry<String, Map<String, Object>> entry : appServices().entrySet()) {
      String pool = environment(entry.getValue()).get("DATABASE_POOL_SIZE");
      assertThat(pool).as("DATABASE_POOL_SIZE of %s", entry.getKey()).isNotBlank();
      app += Integer.parseInt(pool) * replicas(entry.getValue());
    }
    Map<String, String> temporal = environment(service("temporal"));
    // frontend, history, matching and worker each open their own pools in the one process
    int temporalPools =
        4
            * (Integer.parseInt(temporal.get("SQL_MAX_CONNS"))
                + Integer.parseInt(temporal.get("SQL_VIS_MAX_CONNS")));
    int jobsAndSuperuserReserve = 5;
    assertThat(app + temporalPools + jobsAndSuperuserReserve)
        .as(
            "app pools %d + Temporal %d + 5, against max_connections %d",
            app, temporalPools, allowed)
        .isLessThanOrEqualTo(allowed);
  }

  @Test
  void temporalReadsItsDynamicConfigFromDeploy() throws IOException {
    Map<String, Object> temporal = service("temporal");
    String path = environment(temporal).get("DYNAMIC_CONFIG_FILE_PATH");
    assertThat(path).as("DYNAMIC_CONFIG_FILE_PATH").isNotBlank();
    // relative paths resolve against the image's working directory, /etc/temporal
    String target = path.startsWith("/") ? path : "/etc/temporal/" + path;
    Path source = bindMounts(temporal).get(target);
    assertThat(source).as("a file from the repository mounted at %s", target).isNotNull();
    assertThat(repo.relativize(source).toString()).startsWith("deploy/");

    Map<String, Object> dynamicConfig =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(source));
    assertThat(dynamicConfig).as("%s", source).isNotEmpty();
    dynamicConfig.forEach(
        (key, values) -> {
          assertThat(values).as("%s: a list of values", key).isInstanceOf(List.class);
          for (Object value : (List<?>) values) {
            assertThat(value).as(key).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) value).containsKey("value")).as("%s has a value", key).isTrue();
          }
        });
  }

  @Test
  void temporalUiPointsAtTemporalAndIsPublishedOn8088() {
    Map<String, Object> ui = service("temporal-ui");
    assertThat(ui.get("image").toString()).startsWith("temporalio/ui:");
    assertThat(environment(ui)).containsEntry("TEMPORAL_ADDRESS", temporalTarget());
    assertThat(publishedPorts(ui)).containsEntry(8088, 8080);
  }

  @Test
  void searchAttributeRegistrationNamesEveryAttributeTheWorkflowsUpsert() {
    Map<String, Object> job = service("temporal-search-attributes");
    assertThat(job.get("image").toString()).startsWith("temporalio/admin-tools:");
    assertThat(dependsOn(job))
        .containsEntry("temporal-namespace", "service_completed_successfully");
    Map<String, String> env = environment(job);
    assertThat(env).containsEntry("TEMPORAL_ADDRESS", temporalTarget());
    assertThat(env)
        .containsEntry("TEMPORAL_NAMESPACE", environment(service("api")).get("TEMPORAL_NAMESPACE"));

    String invocation =
        String.join(" ", words(job.get("entrypoint")))
            + " "
            + String.join(" ", words(job.get("command")));
    Map<String, String> registered = new TreeMap<>();
    Matcher pair =
        Pattern.compile("\\b([A-Za-z][A-Za-z0-9]*)(?:=| --type )([A-Za-z]+)\\b")
            .matcher(invocation);
    while (pair.find()) {
      registered.put(pair.group(1), pair.group(2));
    }
    Map<String, String> upserted = new TreeMap<>();
    FollowUpSearchAttributes.definitions()
        .forEach((name, type) -> upserted.put(name, cliTypeName(type)));
    assertThat(upserted)
        .as("the workflows' search attributes")
        .containsEntry("LeadId", "Keyword")
        .containsEntry("FollowUpStep", "Int")
        .containsEntry("FollowUpStatus", "Keyword")
        .containsEntry("NextFollowUpAt", "Datetime")
        .containsEntry("NextChannel", "Keyword")
        .containsEntry("LastFollowUpOutcome", "Keyword")
        .containsEntry("OptedOut", "Bool");
    assertThat(registered).as("registered by temporal-search-attributes").isEqualTo(upserted);
  }

  @Test
  void temporalKnowsTheNamespaceTheAppUses() {
    String namespace = environment(service("api")).get("TEMPORAL_NAMESPACE");
    assertThat(environment(service("temporal-namespace")))
        .containsEntry("TEMPORAL_NAMESPACE", namespace);
    assertThat(environment(service("temporal-ui")))
        .containsEntry("TEMPORAL_DEFAULT_NAMESPACE", namespace);
  }

  // ---- the app: API and worker fleets ----

  @Test
  void apiRunsTheServerCommandAndHostsNoWorkerRole() {
    Map<String, Object> api = service("api");
    assertThat(words(api.get("command"))).containsExactly("server", "/app/config.yml");
    assertThat(api.get("build")).as("api builds the image from the Dockerfile").isNotNull();
    assertThat(environment(api)).containsEntry("WORKER_ROLES", "");
  }

  @Test
  void everyWorkerFleetRunsTheWorkerCommandWithItsOwnRole() {
    Map<String, String> roleByFleet = new TreeMap<>();
    workerFleets()
        .forEach(
            (name, fleet) -> {
              assertThat(words(fleet.get("command")))
                  .as("command of %s", name)
                  .containsExactly("worker", "/app/config.yml");
              String roles = environment(fleet).get("WORKER_ROLES");
              assertThat(roles).as("WORKER_ROLES of %s", name).isNotBlank();
              roleByFleet.put(name, roles);
            });
    assertThat(roleByFleet)
        .containsEntry("worker-workflows", "workflows")
        .containsEntry("worker-text", "text")
        .containsEntry("worker-call", "call")
        .containsEntry("worker-email", "email");
    Set<String> covered =
        roleByFleet.values().stream()
            .flatMap(roles -> Arrays.stream(roles.split(",")))
            .map(String::trim)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(covered).isEqualTo(new TreeSet<>(WORKER_ROLES));
  }

  @Test
  void workerFleetsRunTheImageTheApiBuilds() {
    Object apiImage = service("api").get("image");
    assertThat(apiImage).as("api names the image it builds").isNotNull();
    workerFleets()
        .forEach(
            (name, fleet) ->
                assertThat(fleet.get("image")).as("image of %s", name).isEqualTo(apiImage));
  }

  @Test
  void appServicesSetOnlyVariablesConfigYmlReads() {
    appServices()
        .forEach(
            (name, service) ->
                assertThat(environment(service).keySet())
                    .as("environment of %s, against the ${VAR} names in %s", name, CONFIG_YML)
                    .isSubsetOf(
                        java.util.stream.Stream.concat(
                                configVariables.keySet().stream(), PROCESS_VARIABLES.stream())
                            .collect(Collectors.toSet())));
  }

  /**
   * Which compose services read each variable of README's configuration table: every process
   * ("all"), the API, or the fleets of the roles named. A new row in the table must be placed here
   * (or among the deliberately unforwarded ones), so a setting is never silently left out.
   */
  private static final Map<String, Set<String>> READERS = readers();

  /** README rows compose does not forward, with the reason. */
  private static final Map<String, String> NOT_FORWARDED =
      Map.ofEntries(
          Map.entry("PORT", "the published ports and health checks assume 8080"),
          Map.entry("ADMIN_PORT", "the published ports and health checks assume 8081"),
          Map.entry("BIND_HOST", "a container binds every interface"),
          Map.entry("TEMPORAL_TLS", "the stack's own Temporal server, plaintext inside it"),
          Map.entry("TEMPORAL_TLS_CERT", "the stack's own Temporal server, plaintext inside it"),
          Map.entry("TEMPORAL_TLS_KEY", "the stack's own Temporal server, plaintext inside it"),
          Map.entry("TEMPORAL_TLS_CA", "the stack's own Temporal server, plaintext inside it"),
          Map.entry("BENCH_ENDPOINTS", "scripts/bench only, never in production"),
          Map.entry("DATA_DIR", "embedded only"),
          Map.entry("TEMPORAL_PORT", "embedded only"),
          Map.entry("TEMPORAL_BIND_HOST", "embedded only"),
          Map.entry("EMBEDDED_TEMPORAL_MAX_RETAINED_MB", "embedded only"),
          Map.entry("EMBEDDED_MAX_LEADS", "embedded only"));

  private static Map<String, Set<String>> readers() {
    Set<String> all =
        Set.of("api", "worker-workflows", "worker-text", "worker-call", "worker-email");
    Set<String> api = Set.of("api");
    Set<String> texts = Set.of("worker-text", "worker-call");
    Set<String> email = Set.of("worker-email");
    Map<String, Set<String>> readers = new TreeMap<>();
    for (String name :
        List.of(
            "DATABASE_URL",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "DATABASE_POOL_SIZE",
            "TEMPORAL_TARGET",
            "TEMPORAL_NAMESPACE",
            "TEMPORAL_UPDATE_TIMEOUT",
            "ADMIN_BIND_HOST",
            "WORKER_ROLES",
            "AFTER_LAST_STEP",
            "NURTURE_INTERVAL_HOURS",
            "DEFAULT_TIMEZONE",
            "SENDING_WINDOW_START",
            "SENDING_WINDOW_END",
            "SENDING_DAYS",
            "HOLIDAYS",
            "EMAIL_SENDING_WINDOW_START",
            "EMAIL_SENDING_WINDOW_END",
            "REGIONAL_RULES_FILE",
            "MAX_SENDS_PER_LEAD_PER_DAY",
            "RESUME_SPREAD_MINUTES",
            "WINDOW_OPEN_SPREAD_MINUTES",
            "TEXT_MAX_PER_SECOND_PER_NUMBER",
            "EMAIL_MAX_PER_HOUR",
            "EMAIL_MAX_PER_DAY",
            "CALL_MAX_CONCURRENT",
            "WEBHOOK_URLS",
            "WEBHOOK_SECRET",
            "WEBHOOK_RETENTION_DAYS",
            "COMPLIANCE_CHECK_URL",
            "COMPLIANCE_CHECK_CHANNELS",
            "COMPLIANCE_CHECK_TIMEOUT_MS",
            "COMPLIANCE_CHECK_FAILURE_MODE",
            "REQUIRE_CONSENT_FOR",
            "PUBLIC_BASE_URL",
            "LOG_LEVEL",
            "LOG_FORMAT")) {
      readers.put(name, all);
    }
    for (String name :
        List.of(
            "API_KEYS",
            "ADMIN_API_KEYS",
            "MAX_BODY_BYTES",
            "HTTP_IDLE_TIMEOUT",
            "HTTP_MIN_REQUEST_RATE",
            "RATE_LIMIT_PER_SECOND",
            "RATE_LIMIT_BURST",
            "STOP_ON_REPLY",
            "HELP_TEXT",
            "OPT_OUT_KEYWORDS",
            "OPT_OUT_PHRASES",
            "OPT_OUT_CONFIRMATION_TEXT",
            "OPT_IN_CONFIRMATION_TEXT",
            "REPLY_ATTRIBUTION_HOURS",
            "AUTO_REPLY_PHRASES",
            "OOO_RESUME_DEFAULT_DAYS",
            "REPLY_RESUME_HOURS")) {
      readers.put(name, api);
    }
    // the API checks Twilio's callback signatures; the text and call fleets send
    readers.put("TWILIO_AUTH_TOKEN", Set.of("api", "worker-text", "worker-call"));
    for (String name :
        List.of(
            "TWILIO_ACCOUNT_SID",
            "TWILIO_FROM_NUMBER",
            "TWILIO_MESSAGING_SERVICE_SID",
            "TWILIO_API_BASE_URL")) {
      readers.put(name, texts);
    }
    readers.put("TEXT_PROVIDER", Set.of("worker-text"));
    readers.put("CALL_PROVIDER", Set.of("worker-call"));
    readers.put("CALL_OPT_OUT_DIGIT", Set.of("api", "worker-call"));
    readers.put("CALL_OPT_OUT_WORDS", Set.of("worker-call"));
    readers.put("VOICEMAIL_OPT_OUT_WORDS", Set.of("worker-call"));
    readers.put(
        "WORKER_MAX_ACTIVITIES_PER_SECOND", Set.of("worker-text", "worker-call", "worker-email"));
    for (String name :
        List.of(
            "EMAIL_PROVIDER",
            "SMTP_HOST",
            "SMTP_PORT",
            "SMTP_USERNAME",
            "SMTP_PASSWORD",
            "SMTP_TLS",
            "EMAIL_FROM")) {
      readers.put(name, email);
    }
    // the reply mailbox (issue 21): the email fleet gives each lead its address, the API reads it
    readers.put("IMAP_REPLY_ADDRESS", email);
    for (String name :
        List.of(
            "IMAP_HOST",
            "IMAP_PORT",
            "IMAP_USERNAME",
            "IMAP_PASSWORD",
            "IMAP_TLS",
            "IMAP_FOLDER",
            "IMAP_POLL_SECONDS")) {
      readers.put(name, api);
    }
    // the API verifies the unsubscribe links the email fleet signs: the same secret on both
    readers.put("UNSUBSCRIBE_SECRET", Set.of("api", "worker-email"));
    // the fleets that render templates
    readers.put("TEMPLATES_DIR", Set.of("worker-text", "worker-call", "worker-email"));
    return readers;
  }

  /** The variables of README's configuration table (first column, each `NAME` in it). */
  private static Set<String> readmeVariables() throws IOException {
    String readme = Files.readString(repo.resolve("README.md"));
    int start = readme.indexOf("## Configuration");
    assertThat(start).as("README has a Configuration section").isNotNegative();
    Set<String> names = new TreeSet<>();
    Pattern name = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
    boolean inTable = false;
    for (String line : readme.substring(start).split("\n")) {
      if (inTable && !line.startsWith("|")) {
        break; // the first table of the section is the configuration table
      }
      inTable = line.startsWith("|");
      if (line.startsWith("| `")) {
        Matcher m = name.matcher(line.split("\\|")[1]);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(names).as("README's configuration table").contains("API_KEYS", "WEBHOOK_SECRET");
    return names;
  }

  @Test
  void everyReadmeVariableReachesEveryProcessThatReadsIt() throws IOException {
    Set<String> unplaced = new TreeSet<>(readmeVariables());
    unplaced.removeAll(READERS.keySet());
    unplaced.removeAll(NOT_FORWARDED.keySet());
    assertThat(unplaced)
        .as("README variables this test does not know the readers of (add them to READERS)")
        .isEmpty();
    List<String> missing = new ArrayList<>();
    READERS.forEach(
        (variable, services) -> {
          for (String service : services) {
            if (!environment(service(service)).containsKey(variable)) {
              missing.add(variable + " on " + service);
            }
          }
        });
    assertThat(missing).as("variables not passed to a process that reads them").isEmpty();
  }

  @Test
  void everyVariableTakenFromTheShellIsInEnvExample() throws IOException {
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(repo.resolve(".env.example"))) {
      Matcher m = Pattern.compile("^#?\\s*([A-Z_][A-Z0-9_]*)=").matcher(line.trim());
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    Set<String> fromShell = new TreeSet<>();
    Matcher reference =
        Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)")
            .matcher(Files.readString(repo.resolve("docker-compose.yml")));
    while (reference.find()) {
      fromShell.add(reference.group(1));
    }
    appServices()
        .values()
        .forEach(
            service ->
                environment(service)
                    .forEach(
                        (name, value) -> {
                          if (value == null) {
                            fromShell.add(name);
                          }
                        }));
    assertThat(listed)
        .as(".env.example (commented or not) against what docker-compose.yml takes from the shell")
        .containsAll(fromShell);
  }

  @Test
  void apiIsGivenWhatItNeedsToReachItsDependencies() {
    Map<String, String> env = environment(service("api"));
    for (String name :
        List.of("DATABASE_URL", "TEMPORAL_TARGET", "TEMPORAL_NAMESPACE", "API_KEYS")) {
      assertThat(env.get(name)).as(name + " on the api service").isNotBlank();
    }
    // the database URL names the postgresql service and its database, with its credentials
    Map<String, String> postgres = environment(service("postgresql"));
    URI url = URI.create(env.get("DATABASE_URL").substring("jdbc:".length()));
    assertThat(url.getScheme()).isEqualTo("postgresql");
    assertThat(url.getHost()).isEqualTo("postgresql");
    assertThat(url.getPort()).isEqualTo(5432);
    assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
    assertThat(env.get("DATABASE_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(env.get("DATABASE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    // the Temporal target is the temporal service's frontend port
    assertThat(env.get("TEMPORAL_TARGET")).isEqualTo("temporal:7233");
  }

  @Test
  void workerFleetsReachTheSameDatabaseAndTemporal() {
    Map<String, String> api = environment(service("api"));
    workerFleets()
        .forEach(
            (name, fleet) -> {
              Map<String, String> env = environment(fleet);
              for (String shared :
                  List.of(
                      "DATABASE_URL",
                      "DATABASE_USER",
                      "DATABASE_PASSWORD",
                      "TEMPORAL_TARGET",
                      "TEMPORAL_NAMESPACE")) {
                assertThat(env.get(shared)).as("%s of %s", shared, name).isEqualTo(api.get(shared));
              }
            });
  }

  @Test
  void apiKeysMustBeSupplied() {
    // ${VAR:?message}: Compose refuses to start without a (non-empty) value
    assertThat(environment(service("api")).get("API_KEYS")).startsWith("${API_KEYS:?");
  }

  @Test
  void apiPublishesItsPortsAndChecksHealthOnTheAdminPort() {
    int port = Integer.parseInt(configVariables.get("PORT"));
    int adminPort = Integer.parseInt(configVariables.get("ADMIN_PORT"));
    Map<String, Object> api = service("api");
    assertThat(publishedPorts(api).values()).contains(port, adminPort);
    assertThat(String.join(" ", healthcheck(api))).contains(":" + adminPort + "/healthcheck");
  }

  @Test
  void appServicesStartAfterWhatTheyNeed() {
    assertThat(dependsOn(service("api")))
        .containsEntry("postgresql", "service_healthy")
        .containsEntry("temporal", "service_healthy")
        .containsEntry("temporal-search-attributes", "service_completed_successfully");
    workerFleets()
        .forEach(
            (name, fleet) ->
                assertThat(dependsOn(fleet))
                    .as("depends_on of %s: the api has run the migrations", name)
                    .containsEntry("api", "service_healthy")
                    .containsKey("temporal")
                    .containsEntry("temporal-search-attributes", "service_completed_successfully"));
  }

  @Test
  void appServicesGetTimeToDrainWhenStopped() {
    // workers drain in-flight tasks and Jetty in-flight requests for up to 30 s after SIGTERM;
    // Docker kills a container 10 s after it by default
    appServices()
        .forEach(
            (name, service) ->
                assertThat(seconds(service.get("stop_grace_period")))
                    .as("stop_grace_period of %s", name)
                    .isGreaterThan(30));
  }

  @Test
  void appContainersHaveAMemoryLimitAndAHeapThatFollowsIt() {
    appServices()
        .forEach(
            (name, service) -> {
              assertThat(service.get("mem_limit")).as("mem_limit of %s", name).isNotNull();
              assertThat(environment(service).get("JDK_JAVA_OPTIONS"))
                  .as("JDK_JAVA_OPTIONS of %s: a heap share and a named collector", name)
                  .contains("MaxRAMPercentage")
                  .containsPattern("-XX:\\+Use[A-Za-z0-9]+GC");
            });
  }

  @Test
  void appAdminPortsListenOnEveryInterfaceInTheirContainers() {
    // Prometheus scrapes them from its own container; the host publishes 8081 on loopback only
    appServices()
        .forEach(
            (name, service) ->
                assertThat(environment(service))
                    .as("environment of %s", name)
                    .containsEntry("ADMIN_BIND_HOST", "0.0.0.0"));
    assertThat(service("api").get("ports").toString()).contains("127.0.0.1:8081:8081");
  }

  @Test
  void everyRequiredVariableIsInEnvExample() throws IOException {
    Path example = repo.resolve(".env.example");
    assertThat(example).as(".env.example beside docker-compose.yml").isRegularFile();
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(example)) {
      Matcher m = Pattern.compile("^([A-Z_][A-Z0-9_]*)=").matcher(line.trim());
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    Matcher required =
        Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):\\?")
            .matcher(Files.readString(repo.resolve("docker-compose.yml")));
    Set<String> requiredNames = new TreeSet<>();
    while (required.find()) {
      requiredNames.add(required.group(1));
    }
    assertThat(requiredNames).contains("POSTGRES_PASSWORD", "API_KEYS");
    assertThat(listed).as("the uncommented names in .env.example").containsAll(requiredNames);
    assertThat(Files.readString(repo.resolve(".gitignore")))
        .as(".env holds secrets")
        .containsPattern("(?m)^/?\\.env$");
  }

  @Test
  void prometheusScrapesTheApiEveryFleetAndTemporal() throws IOException {
    Map<String, Object> prometheus = service("prometheus");
    Path config = bindMounts(prometheus).get("/etc/prometheus/prometheus.yml");
    assertThat(config).as("deploy/prometheus/prometheus.yml mounted").isNotNull();
    String yaml = Files.readString(config);
    Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    List<?> jobs = (List<?>) parsed.get("scrape_configs");
    assertThat(jobs).isNotEmpty();
    int adminPort = Integer.parseInt(configVariables.get("ADMIN_PORT"));
    assertThat(yaml).contains("api:" + adminPort);
    for (String fleet : workerFleets().keySet()) {
      assertThat(yaml)
          .as("%s scraped", fleet)
          .containsPattern("\\b" + Pattern.quote(fleet) + "\\b");
    }
    for (Object job : jobs) {
      Map<?, ?> scrape = (Map<?, ?>) job;
      if (scrape.get("job_name").toString().startsWith("followup")) {
        assertThat(scrape.get("metrics_path"))
            .as("%s", scrape.get("job_name"))
            .isEqualTo("/prometheus");
      }
    }
    assertThat(yaml)
        .contains(
            "temporal:"
                + environment(service("temporal"))
                    .get("PROMETHEUS_ENDPOINT")
                    .replaceAll(".*:", ""));
  }

  @Test
  void grafanaProvisionsTheDashboardOnThePrometheusService() throws IOException {
    Map<String, Path> mounts = bindMounts(service("grafana"));
    Path provisioning = mounts.get("/etc/grafana/provisioning");
    assertThat(provisioning).isNotNull();
    String datasource = Files.readString(provisioning.resolve("datasources/prometheus.yml"));
    assertThat(datasource).contains("http://prometheus:9090");
    Path dashboards = mounts.get("/etc/grafana/dashboards");
    assertThat(Files.readString(provisioning.resolve("dashboards/followup.yml")))
        .contains("/etc/grafana/dashboards");
    com.fasterxml.jackson.databind.JsonNode dashboard =
        new ObjectMapper().readTree(dashboards.resolve("followup.json").toFile());
    String queries = dashboard.findValues("expr").toString();
    // the series the app exports (MetricsIT finds each in a scrape)
    assertThat(queries)
        .contains("followup_due_lag_seconds_bucket")
        .contains("followup_sends_total")
        .contains("followup_compliance_blocks_total")
        .contains("followup_webhook_deliveries_total")
        .contains("followup_leads")
        .contains("http_server_requests_seconds_bucket")
        .contains("temporal_activity_schedule_to_start_latency_seconds_bucket");
  }

  @Test
  void everyServiceWaitedOnAsHealthyHasAHealthcheck() {
    services()
        .forEach(
            (name, service) ->
                dependsOn(service)
                    .forEach(
                        (dependency, condition) -> {
                          assertThat(services())
                              .as("%s depends on %s", name, dependency)
                              .containsKey(dependency);
                          if (condition.equals("service_healthy")) {
                            assertThat(healthcheck(service(dependency)))
                                .as("healthcheck of %s (%s waits for it)", dependency, name)
                                .isNotEmpty();
                          }
                        }));
  }

  @Test
  void bindMountedFilesExistInTheRepository() {
    services()
        .forEach(
            (name, service) ->
                bindMounts(service)
                    .forEach(
                        (target, source) ->
                            assertThat(source)
                                .as("%s mounts %s at %s", name, source, target)
                                .exists()));
  }

  // ---- the image ----

  @Test
  void dockerfileShipsTheFatJarTheBuildProducesAndConfigYml() throws IOException {
    String dockerfile = Files.readString(repo.resolve("Dockerfile"));
    Matcher finalName =
        Pattern.compile("<finalName>\\s*([^<\\s]+)\\s*</finalName>")
            .matcher(Files.readString(repo.resolve("app/pom.xml")));
    assertThat(finalName.find()).as("shade finalName in app/pom.xml").isTrue();
    String jar = finalName.group(1) + ".jar";
    assertThat(jar).isEqualTo("followup.jar");

    assertThat(dockerfile).containsPattern("(?m)^FROM maven:3\\.9-eclipse-temurin-17 AS build");
    assertThat(dockerfile).containsPattern("(?m)^RUN mvn -B .*-DskipTests package$");
    assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre\\s*$");
    assertThat(dockerfile)
        .containsPattern(
            "(?m)^COPY --from=build \\S*app/target/"
                + Pattern.quote(jar)
                + " /app/"
                + Pattern.quote(jar)
                + "$");
    assertThat(dockerfile)
        .containsPattern(
            "(?m)^COPY --from=build \\S*" + Pattern.quote(CONFIG_YML) + " /app/config.yml$");
    assertThat(dockerfile)
        .containsPattern(
            "(?m)^ENTRYPOINT \\[\"java\", ?\"-jar\", ?\"/app/" + Pattern.quote(jar) + "\"]");
    assertThat(dockerfile).containsPattern("(?m)^CMD \\[\"server\", ?\"/app/config.yml\"]");
    Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
    assertThat(user.find()).as("a USER line").isTrue();
    assertThat(user.group(1)).as("a numeric UID:GID").matches("[1-9][0-9]*:[1-9][0-9]*");
  }

  @Test
  void dockerfileFetchesDependenciesInALayerOfTheirOwnBeforeTheSources() throws IOException {
    String dockerfile = Files.readString(repo.resolve("Dockerfile"));
    int sources = dockerfile.indexOf("\nCOPY . .");
    assertThat(sources).as("the sources copied after the dependency layer").isPositive();
    String layer = dockerfile.substring(0, sources);
    assertThat(layer).containsPattern("(?m)^COPY pom.xml \\./$");
    Matcher module =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(repo.resolve("pom.xml")));
    int modules = 0;
    while (module.find()) {
      modules++;
      assertThat(layer)
          .as("the %s module's pom in the dependency layer", module.group(1))
          .containsPattern("(?m)^COPY " + Pattern.quote(module.group(1)) + "/pom.xml ");
    }
    assertThat(modules).isPositive();
    assertThat(layer).containsPattern("(?m)^RUN mvn .*package");
  }

  @Test
  void dockerignoreKeepsBuildOutputAndHistoryOutOfTheContext() throws IOException {
    List<String> ignored =
        Files.readAllLines(repo.resolve(".dockerignore")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toList());
    assertThat(ignored).contains("**/target", ".git");
    assertThat(ignored)
        .as("what the build stage needs")
        .doesNotContain("pom.xml", "**/pom.xml", "src", "**/src", "api", "*");
  }

  // ---- helpers ----

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(CONFIG_YML))) {
        return dir;
      }
    }
    return fail("no %s above %s", CONFIG_YML, Path.of("").toAbsolutePath());
  }

  /**
   * shared/ lies beside the repository (../shared from its root); look upward to be sure. A clone
   * without it skips this one check and says why; CI provides the schema (.ci/run asserts it).
   */
  private static Path composeSchema() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCHEMA);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    Assumptions.abort(
        String.format(
            "skipped: no %s in any folder above %s (the Compose schema is expected at ../%s"
                + " relative to the repository root)",
            SCHEMA, Path.of("").toAbsolutePath(), SCHEMA));
    throw new AssertionError("unreachable");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() {
    Object services = compose.get("services");
    assertThat(services).as("services").isInstanceOf(Map.class);
    return (Map<String, Map<String, Object>>) services;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services()).as("services").containsKey(name);
    return services().get(name);
  }

  private static Map<String, Map<String, Object>> workerFleets() {
    Map<String, Map<String, Object>> fleets = new TreeMap<>();
    services()
        .forEach(
            (name, service) -> {
              if (name.startsWith("worker-")) {
                fleets.put(name, service);
              }
            });
    assertThat(fleets).as("worker-* services").isNotEmpty();
    return fleets;
  }

  private static Map<String, Map<String, Object>> appServices() {
    Map<String, Map<String, Object>> app = new TreeMap<>(workerFleets());
    app.put("api", service("api"));
    return app;
  }

  private static String temporalTarget() {
    return environment(service("api")).get("TEMPORAL_TARGET");
  }

  /** An image's tag. */
  private static String tag(Map<String, Object> service) {
    String image = service.get("image").toString();
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** deploy.replicas, 1 when absent. */
  private static int replicas(Map<String, Object> service) {
    if (service.get("deploy") instanceof Map<?, ?> deploy && deploy.get("replicas") != null) {
      return Integer.parseInt(deploy.get("replicas").toString());
    }
    return 1;
  }

  /** The script a one-shot job runs: the bind-mounted file its entrypoint names. */
  private static String script(Map<String, Object> service) {
    for (String word : words(service.get("entrypoint"))) {
      Path source = bindMounts(service).get(word);
      if (source != null) {
        try {
          return Files.readString(source);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return fail("no bind-mounted script in the entrypoint of %s", service.get("image"));
  }

  /** The environment, from either of Compose's forms; a name without a value maps to null. */
  private static Map<String, String> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(k.toString(), v == null ? null : v.toString()));
    } else if (env instanceof List<?> list) {
      for (Object entry : list) {
        String[] kv = entry.toString().split("=", 2);
        result.put(kv[0], kv.length == 2 ? kv[1] : null);
      }
    }
    return result;
  }

  /** depends_on as service name to condition (the short form means service_started). */
  private static Map<String, String> dependsOn(Map<String, Object> service) {
    Object deps = service.get("depends_on");
    Map<String, String> result = new LinkedHashMap<>();
    if (deps instanceof List<?> list) {
      list.forEach(name -> result.put(name.toString(), "service_started"));
    } else if (deps instanceof Map<?, ?> map) {
      map.forEach(
          (name, spec) ->
              result.put(
                  name.toString(),
                  spec instanceof Map<?, ?> s && s.get("condition") != null
                      ? s.get("condition").toString()
                      : "service_started"));
    }
    return result;
  }

  private static List<String> healthcheck(Map<String, Object> service) {
    Object check = service.get("healthcheck");
    if (!(check instanceof Map<?, ?> map) || Boolean.TRUE.equals(map.get("disable"))) {
      return List.of();
    }
    return words(map.get("test"));
  }

  /** A command, entrypoint or healthcheck test as words (the string form split on spaces). */
  private static List<String> words(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.toList());
    }
    return Arrays.asList(value.toString().trim().split("\\s+"));
  }

  /** Published ports, host port to container port. */
  private static Map<Integer, Integer> publishedPorts(Map<String, Object> service) {
    Map<Integer, Integer> ports = new HashMap<>();
    Object list = service.get("ports");
    if (list instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> longForm) {
          Object published = longForm.get("published");
          int target = Integer.parseInt(longForm.get("target").toString());
          ports.put(published == null ? target : Integer.parseInt(published.toString()), target);
        } else {
          String[] parts = entry.toString().replaceFirst("/\\w+$", "").split(":");
          int target = Integer.parseInt(parts[parts.length - 1]);
          ports.put(parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : target, target);
        }
      }
    }
    return ports;
  }

  private static List<Integer> containerPorts(Map<String, Object> service) {
    return new ArrayList<>(publishedPorts(service).values());
  }

  /** Bind mounts with a relative source: container path to the file or folder in the repository. */
  private static Map<String, Path> bindMounts(Map<String, Object> service) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    Object volumes = service.get("volumes");
    if (volumes instanceof List<?> entries) {
      for (Object entry : entries) {
        String source;
        String target;
        if (entry instanceof Map<?, ?> longForm) {
          source = String.valueOf(longForm.get("source"));
          target = String.valueOf(longForm.get("target"));
        } else {
          String[] parts = entry.toString().split(":");
          if (parts.length < 2) {
            continue;
          }
          source = parts[0];
          target = parts[1];
        }
        if (source.startsWith("./") || source.startsWith("../")) {
          mounts.put(target, repo.resolve(source).normalize());
        }
      }
    }
    return mounts;
  }

  /** A Compose duration ("1m30s", "45s") in whole seconds; 0 when absent. */
  private static long seconds(Object duration) {
    if (duration == null) {
      return 0;
    }
    Matcher part = Pattern.compile("(\\d+)(ms|us|ns|h|m|s)").matcher(duration.toString());
    long seconds = 0;
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      seconds +=
          switch (part.group(2)) {
            case "h" -> n * 3600;
            case "m" -> n * 60;
            case "s" -> n;
            default -> 0;
          };
    }
    return seconds;
  }

  /** INDEXED_VALUE_TYPE_KEYWORD_LIST to KeywordList: the type names the temporal CLI takes. */
  private static String cliTypeName(IndexedValueType type) {
    return Arrays.stream(type.name().replace("INDEXED_VALUE_TYPE_", "").split("_"))
        .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining());
  }
}

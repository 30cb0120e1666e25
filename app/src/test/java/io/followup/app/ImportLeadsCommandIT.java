package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.followup.app.config.TemporalFactory;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.JdbiLeadDirectory;
import io.followup.store.JdbiLeadProjections;
import io.followup.store.Migrations;
import io.followup.store.support.TestDatabases;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;
import io.followup.worker.provider.LoggingProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-leads} as an operator runs it ({@code java -jar followup.jar import-leads --csv
 * ...}): through the application's command line, against PostgreSQL and a Temporal server on a
 * port, with a worker polling it.
 */
class ImportLeadsCommandIT {
  private static final String DB = TestDatabases.create();
  private static int port;
  private static TemporalFactory.Connection temporal;
  private static FollowUpWorker worker;
  private static Jdbi jdbi;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    TemporalFactory server = new TemporalFactory();
    server.embedded = true;
    server.embeddedPort = port;
    temporal = server.connect();
    String url = TestDatabases.url(DB);
    Migrations.migrate(url, TestDatabases.USER, "");
    jdbi = Jdbi.create(url, TestDatabases.USER, "");
    jdbi.installPlugin(new SqlObjectPlugin());
    Clock clock = Clock.systemUTC();
    worker =
        FollowUpWorker.start(
            temporal.client(),
            WorkerSettings.all(),
            new WorkerDependencies(
                new JdbiDeliveryLedger(
                    jdbi, new com.fasterxml.jackson.databind.ObjectMapper(), clock),
                new JdbiLeadDirectory(jdbi, new com.fasterxml.jackson.databind.ObjectMapper()),
                new JdbiLeadProjections(jdbi, clock),
                null,
                new LoggingProvider(),
                new LoggingProvider(),
                new LoggingProvider(),
                null,
                null,
                null,
                null,
                clock,
                null));
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
    temporal.close();
    TestDatabases.drop(DB);
  }

  @Test
  void aCsvCreatesAndUpdatesLeadsAsBatchItemsNamedByTheOperatorAndRunsAgainSafely()
      throws Exception {
    Path config = config();
    Path csv =
        csv(
            "firstName,lastName,phone,email,followUpStep,followUpConfig,additionalInfo",
            "Ada,Lovelace,+15550410001,,1,\"{\"\"1\"\":{\"\"hours\"\":24,\"\"channel\"\":\"\"text\"\"}}\",",
            "Grace,Hopper,+15550410002,grace@example.com,,,\"{\"\"plan\"\":\"\"pro\"\"}\"",
            "\"Lin, Jr.\",Clark,+15550410003,,,,",
            "Bad,Email,+15550410004,nope,,,",
            "Too,Short",
            "");

    Result first = cli("import-leads", "--csv", csv.toString(), config.toString());

    assertThat(first.failure()).isPresent();
    assertThat(first.printed())
        .contains("import-leads: 5 lines")
        .contains("import-leads: line 5: 400 email:")
        .contains("import-leads: line 6: has 2 cells, the header 7")
        .contains("import-leads: done: 3 created or updated, 2 failed")
        // never a line's data
        .doesNotContain("nope")
        .doesNotContain("Hopper");
    assertThat(phones()).containsExactly("+15550410001", "+15550410002", "+15550410003");
    Map<String, Object> ada =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, follow_up_status, additional_info FROM leads WHERE phone ="
                            + " '+15550410001'")
                    .mapToMap()
                    .one());
    assertThat(ada.get("follow_up_status")).isEqualTo("SCHEDULED");
    String quoted =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT first_name FROM leads WHERE phone = '+15550410003'")
                    .mapTo(String.class)
                    .one());
    assertThat(quoted).isEqualTo("Lin, Jr.");
    // its events name the command and the operator's login
    List<String> actors =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT actor_type || ' ' || actor_id FROM lead_events WHERE lead_id ="
                            + " :id AND type = 'FOLLOW_UP_CHANGED'")
                    .bind("id", ada.get("id"))
                    .mapTo(String.class)
                    .list());
    assertThat(actors).containsExactly("operator import-leads:" + System.getProperty("user.name"));

    // the same file again: the lines done are repeats (their keys), nothing is created twice
    Result again = cli("import-leads", "--csv", csv.toString(), config.toString());
    assertThat(again.printed()).contains("import-leads: done: 3 created or updated, 2 failed");
    assertThat(phones()).hasSize(3);

    // a line with id updates that lead
    Path update = csv("id,isHot,summary", ada.get("id") + ",true,Called back");
    Result updated = cli("import-leads", "--csv", update.toString(), config.toString());
    assertThat(updated.failure()).as(updated.printed()).isEmpty();
    assertThat(updated.printed()).contains("import-leads: done: 1 created or updated, 0 failed");
    boolean hot =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT is_hot FROM leads WHERE id = :id")
                    .bind("id", ada.get("id"))
                    .mapTo(Boolean.class)
                    .one());
    assertThat(hot).isTrue();
  }

  @Test
  void anUnknownColumnOrAMissingFileIsRefusedBeforeAnyLine() throws Exception {
    Path config = config();
    Result unknown =
        cli(
            "import-leads",
            "--csv",
            csv("firstName,lastName,phone,nickname", "Ada,L,+15550410099,Addy").toString(),
            config.toString());
    assertThat(unknown.failure().orElseThrow().getMessage())
        .contains("--csv: the header names an unknown column 'nickname'");
    assertThat(
            cli("import-leads", "--csv", dir.resolve("none.csv").toString(), config.toString())
                .failure()
                .orElseThrow()
                .getMessage())
        .contains("--csv: no such file");
    assertThat(phones()).doesNotContain("+15550410099");
  }

  private static List<String> phones() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT phone FROM leads WHERE phone LIKE '+1555041%' ORDER BY phone")
                .mapTo(String.class)
                .list());
  }

  private static Path csv(String... lines) throws Exception {
    Path file = Files.createTempFile(dir, "leads", ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static Path config() throws Exception {
    Path file = Files.createTempFile(dir, "ops", ".yml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "database:",
            "  driverClass: org.postgresql.Driver",
            "  url: " + TestDatabases.url(DB),
            "  user: postgres",
            "  password: \"\"",
            "temporal:",
            "  target: 127.0.0.1:" + port,
            "  registerSearchAttributes: false",
            "logging:",
            "  level: WARN",
            ""));
    return file;
  }

  private record Result(String printed, Optional<Throwable> failure) {}

  private static Result cli(String... args) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    FollowUpApplication application = new FollowUpApplication();
    Bootstrap<FollowUpConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    PrintStream stdout = System.out;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    try {
      Optional<Throwable> failure =
          new Cli(new JarLocation(FollowUpApplication.class), bootstrap, capture, capture)
              .run(args);
      return new Result(printed.toString(StandardCharsets.UTF_8), failure);
    } finally {
      System.setOut(stdout);
    }
  }
}

package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.followup.app.config.TemporalFactory;
import io.followup.store.FollowUpStateJson;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.JdbiLeadDirectory;
import io.followup.store.JdbiLeadProjections;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.Migrations;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.store.support.TestDatabases;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;
import io.followup.worker.provider.LoggingProvider;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands as an operator runs them ({@code java -jar followup.jar NAME ...}): through
 * the application's command line, against PostgreSQL and a Temporal server on a port.
 */
class OperatorCommandsIT {
  private static final String DB = TestDatabases.create();
  private static final String PHONE = "+15550001234";
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
    // the in-memory service on a port, search attributes registered: a Temporal server for the
    // commands, which connect to it by address as they would to a real one
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
                null,
                null));
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
    temporal.close();
    TestDatabases.drop(DB);
  }

  @Test
  void recoverRolloutAndDueFromTheCommandLine() throws Exception {
    String lead = UUID.randomUUID().toString();
    Instant due =
        Instant.now().plus(Duration.ofHours(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    storeScheduledLead(lead, due);
    Path config = config("08:00");

    String recovered = run("recover", "--rate", "100", config.toString());
    assertThat(recovered)
        .contains("recover: done: 1 leads: 1 workflows started, 0 already running");
    assertThat(run("recover", config.toString()))
        .contains("recover: done: 1 leads: 0 workflows started, 1 already running");

    Path earlier = config("07:00");
    assertThat(run("rollout-settings", earlier.toString()))
        .contains("window 07:00-21:00")
        .contains("rollout-settings: done: 1 leads: 1 updated, 0 had these settings already");
    assertThat(run("rollout-settings", earlier.toString()))
        .contains("rollout-settings: done: 1 leads: 0 updated, 1 had these settings already");

    String listed = run("due", "--hours", "24", config.toString());
    assertThat(listed)
        .contains("lead", "step", "channel", "due (UTC)")
        .contains(lead + "  2          email      " + due)
        .contains("1 leads due before")
        .doesNotContain(PHONE)
        .doesNotContain("Lovelace");
    assertThat(run("due", "--hours", "1", config.toString())).contains("0 leads due before");
  }

  @Test
  void sendsPausesAndResumesChannelsFromTheCommandLine() throws Exception {
    Path config = config("08:00");
    JdbiSendSwitch sendSwitch = new JdbiSendSwitch(jdbi);

    assertThat(run("sends", "--pause", "text,email", "--reason", "legal hold", config.toString()))
        .contains("sends: paused [text, email]")
        .containsPattern("text\\s+PAUSED\\s+\\S+\\s+operator\\s+legal hold")
        .containsPattern("call\\s+sending");
    assertThat(sendSwitch.paused().keySet()).containsExactlyInAnyOrder(Channel.TEXT, Channel.EMAIL);

    assertThat(run("sends", "--resume", "text", config.toString()))
        .contains("sends: resumed [text]")
        .containsPattern("text\\s+sending");
    assertThat(sendSwitch.paused().keySet()).containsExactly(Channel.EMAIL);
    assertThat(run("sends", config.toString())).containsPattern("email\\s+PAUSED");

    assertThat(failure("sends", "--pause", "sms", config.toString())).contains("--pause");
    assertThat(failure("sends", "--resume", "email", "--reason", "x", config.toString()))
        .contains("--reason");
    assertThat(sendSwitch.paused().keySet()).containsExactly(Channel.EMAIL);
  }

  @Test
  void badArgumentsNameTheOption() throws Exception {
    Path config = config("08:00");
    assertThat(failure("due", "--hours", "0", config.toString())).contains("--hours");
    assertThat(failure("due", "--hours", "1", "--limit", "0", config.toString()))
        .contains("--limit");
    assertThat(failure("recover", "--rate", "0", config.toString())).contains("--rate");
  }

  private static void storeScheduledLead(String id, Instant due) {
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(1, Channel.TEXT), 2, StepConfig.of(20, Channel.EMAIL)));
    FollowUpState state =
        FollowUpState.unscheduled(id)
            .withSchedule(config, 2, FollowUpStatus.SCHEDULED, due, Channel.EMAIL)
            .revised(0);
    Instant now = Instant.now();
    jdbi.useHandle(
        h ->
            LeadStatements.insert(
                h,
                new LeadRow(
                    id,
                    "Ada",
                    "Lovelace",
                    PHONE,
                    null,
                    null,
                    null,
                    "{}",
                    false,
                    false,
                    2,
                    "SCHEDULED",
                    due,
                    FollowUpStateJson.write(state),
                    0,
                    0,
                    state.revision(),
                    now,
                    now,
                    false,
                    null,
                    false,
                    false,
                    null,
                    null,
                    null)));
  }

  private static Path config(String windowStart) throws Exception {
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
            "followUp:",
            "  sendingWindowStart: \"" + windowStart + "\"",
            "logging:",
            "  level: WARN",
            ""));
    return file;
  }

  /** Runs the command as {@code java -jar followup.jar ...} would; returns what it printed. */
  private static String run(String... args) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Optional<Throwable> failure = runCli(printed, args);
    assertThat(failure).as(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String failure(String... args) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Optional<Throwable> failure = runCli(printed, args);
    assertThat(failure).isPresent();
    return failure.get().getMessage();
  }

  private static Optional<Throwable> runCli(ByteArrayOutputStream printed, String... args)
      throws Exception {
    FollowUpApplication application = new FollowUpApplication();
    Bootstrap<FollowUpConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    PrintStream stdout = System.out;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    try {
      return new Cli(new JarLocation(FollowUpApplication.class), bootstrap, capture, capture)
          .run(args);
    } finally {
      System.setOut(stdout);
    }
  }
}

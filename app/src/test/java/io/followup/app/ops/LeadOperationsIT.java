package io.followup.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.app.config.FollowUpSettings;
import io.followup.store.FollowUpStateJson;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.JdbiLeadDirectory;
import io.followup.store.JdbiLeadProjections;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.Migrations;
import io.followup.store.Sql;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;
import io.followup.worker.provider.LoggingProvider;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.StepConfig;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' passes on PostgreSQL and a time-skipping Temporal service: {@code recover} after
 * the service lost every workflow, {@code rollout-settings} on a lead waiting for its window.
 */
class LeadOperationsIT {
  private static final String DB = TestDatabases.create();
  private static final Jdbi JDBI = jdbi();
  private static final AtomicLong PHONES = new AtomicLong(System.nanoTime() % 1_000_000);

  /** A Monday, 12:00 UTC: 04:00 in Los Angeles (January, UTC-8). */
  private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

  private static final String LA = "America/Los_Angeles";

  /** The organisation's settings as shipped: window 08:00-21:00. */
  private static final FollowUpOptions SHIPPED = new FollowUpSettings().toOptions();

  private TestWorkflowEnvironment env;

  private static Jdbi jdbi() {
    String url = TestDatabases.url(DB);
    Migrations.migrate(url, TestDatabases.USER, "");
    Jdbi jdbi = Sql.withoutValuesInErrors(Jdbi.create(url, TestDatabases.USER, ""));
    jdbi.installPlugin(new SqlObjectPlugin());
    return jdbi;
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(DB);
  }

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void recoverRecreatesEveryWorkflowWithItsPendingDueInstantAndIsIdempotent() throws Exception {
    env = temporal(T0);
    FollowUpConfig config =
        FollowUpConfig.of(
            Map.of(1, StepConfig.of(24, Channel.TEXT), 2, StepConfig.of(48, Channel.TEXT)));
    String first = lead(null, new FollowUpChange(config, 1, null, null, null));
    String second = lead(null, new FollowUpChange(config, 2, null, null, null));
    String unscheduled = lead(null, null);
    Map<String, FollowUpState> stored =
        Map.of(first, stored(first), second, stored(second), unscheduled, stored(unscheduled));
    assertThat(stored.get(first).nextFollowUpAt())
        .isCloseTo(T0.plus(Duration.ofHours(24)), within(5, ChronoUnit.SECONDS));

    // the namespace is lost: a fresh service an hour later, same database
    env.close();
    env = temporal(T0.plus(Duration.ofHours(1)));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LeadOperations.Recovered pass =
        LeadOperations.recreateMissing(
            JDBI,
            env.getWorkflowClient(),
            SHIPPED,
            new OpsPace(1000),
            new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), 2));

    assertThat(pass.started()).isEqualTo(pass.read());
    assertThat(pass.running()).isZero();
    assertThat(pass.failed()).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("recover: 2 leads: 2 workflows");
    for (Map.Entry<String, FollowUpState> lead : stored.entrySet()) {
      FollowUpState running = query(lead.getKey());
      assertThat(running.nextFollowUpAt()).isEqualTo(lead.getValue().nextFollowUpAt());
      assertThat(running.followUpStep()).isEqualTo(lead.getValue().followUpStep());
      assertThat(running.followUpStatus()).isEqualTo(lead.getValue().followUpStatus());
    }

    // again: everything runs already, nothing is started twice
    LeadOperations.Recovered again =
        LeadOperations.recreateMissing(
            JDBI, env.getWorkflowClient(), SHIPPED, new OpsPace(1000), Progress.silent());
    assertThat(again.started()).isZero();
    assertThat(again.running()).isEqualTo(pass.read());

    // and the pending step still runs at its instant, once
    env.sleep(Duration.ofHours(24));
    assertThat(deliveries(first)).isEqualTo(1);
    assertThat(stored(first).lastOutcome()).isEqualTo("SENT");
    assertThat(stored(first).followUpStep()).isEqualTo(2);
  }

  @Test
  void aPassReachesTheDueLeadsFirstSoonestFirstThenTheOthers() throws Exception {
    // stored in an order unlike their due instants; two share one (the page boundary falls there)
    String idle = storedOnly();
    String in30h = due(storedOnly(), T0.plus(Duration.ofHours(30)));
    String overdue = due(storedOnly(), T0.minus(Duration.ofHours(5)));
    String in2hA = due(storedOnly(), T0.plus(Duration.ofHours(2)));
    String in2hB = due(storedOnly(), T0.plus(Duration.ofHours(2)));
    String idleToo = storedOnly();
    List<String> mine = List.of(idle, in30h, overdue, in2hA, in2hB, idleToo);

    List<String> visited = new java.util.ArrayList<>();
    LeadOperations.forEachLead(
        JDBI, OpsPace.unlimited(), 2, () -> false, row -> visited.add(row.id()));

    List<String> visitedMine = visited.stream().filter(mine::contains).toList();
    String[] sameInstant =
        in2hA.compareTo(in2hB) < 0 ? new String[] {in2hA, in2hB} : new String[] {in2hB, in2hA};
    String[] idles =
        idle.compareTo(idleToo) < 0 ? new String[] {idle, idleToo} : new String[] {idleToo, idle};
    assertThat(visitedMine)
        .containsExactly(overdue, sameInstant[0], sameInstant[1], in30h, idles[0], idles[1]);
    assertThat(visited).doesNotHaveDuplicates();
  }

  @Test
  void aPassStopsAtTheLeadWhereItIsToldTo() throws Exception {
    storedOnly();
    storedOnly();
    storedOnly();
    List<String> visited = new java.util.ArrayList<>();
    // the embedded run's pass on a service that was replaced meanwhile: it ends where it is
    LeadOperations.forEachLead(
        JDBI, OpsPace.unlimited(), 2, () -> visited.size() == 2, row -> visited.add(row.id()));
    assertThat(visited).hasSize(2);
  }

  private static String due(String id, Instant at) {
    JDBI.useHandle(
        h ->
            h.createUpdate("UPDATE leads SET next_follow_up_at = :at WHERE id = :id")
                .bind("at", at)
                .bind("id", id)
                .execute());
    return id;
  }

  @Test
  void rolloutMovesAWaitingLeadsInstantWhenTheWindowOpensEarlierAndIsIdempotent() throws Exception {
    env = temporal(T0);
    // a text due at once, at 04:00 in Los Angeles: the 08:00 window defers it to T0+4h
    FollowUpConfig now = FollowUpConfig.of(Map.of(1, StepConfig.of(0, Channel.TEXT)));
    String waiting = lead(LA, new FollowUpChange(now, 1, null, LA, null));
    env.sleep(Duration.ofMinutes(5));
    assertThat(stored(waiting).nextFollowUpAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
    String withoutWorkflow = storedOnly();

    // 04:05 local: the organisation's window now opens at 07:00
    FollowUpSettings earlier = new FollowUpSettings();
    earlier.sendingWindowStart = "07:00";
    LeadOperations.RolledOut pass =
        LeadOperations.rolloutSettings(
            JDBI,
            env.getWorkflowClient(),
            earlier.toOptions(),
            new OpsPace(1000),
            Progress.silent());
    env.sleep(Duration.ofMinutes(1));

    assertThat(pass.changed()).isGreaterThanOrEqualTo(1);
    assertThat(pass.missing()).isGreaterThanOrEqualTo(1);
    assertThat(pass.failed()).isZero();
    assertThat(query(waiting).nextFollowUpAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
    assertThat(stored(waiting).nextFollowUpAt())
        .as("the store's projection moved with the workflow")
        .isEqualTo(T0.plus(Duration.ofHours(3)));
    assertThat(stored(withoutWorkflow).nextFollowUpAt()).isNull();

    // again: every running workflow has these settings already
    LeadOperations.RolledOut again =
        LeadOperations.rolloutSettings(
            JDBI,
            env.getWorkflowClient(),
            earlier.toOptions(),
            new OpsPace(1000),
            Progress.silent());
    assertThat(again.changed()).isZero();
    assertThat(again.unchanged()).isEqualTo(pass.changed() + pass.unchanged());
    FollowUpState before = stored(waiting);
    env.sleep(Duration.ofMinutes(1));
    assertThat(stored(waiting)).isEqualTo(before);

    // the text goes at 07:00 local
    env.sleep(Duration.ofHours(3));
    assertThat(deliveries(waiting)).isEqualTo(1);
  }

  @Test
  void dueListsTheLeadsDueSoonestFirstWithoutPersonalData() {
    Instant now = Instant.parse("2030-03-01T09:00:00Z");
    String late = dueRow(now.minus(Duration.ofMinutes(30)), 2, Channel.CALL);
    String soon = dueRow(now.plus(Duration.ofHours(1)), 1, Channel.TEXT);
    String later = dueRow(now.plus(Duration.ofHours(5)), 3, Channel.EMAIL);
    String tooLate = dueRow(now.plus(Duration.ofHours(7)), 1, Channel.TEXT);

    List<LeadOperations.DueLead> due = LeadOperations.due(JDBI, now, Duration.ofHours(6), 1000);

    assertThat(due)
        .extracting(LeadOperations.DueLead::leadId)
        .containsSubsequence(late, soon, later)
        .doesNotContain(tooLate);
    assertThat(due)
        .filteredOn(d -> d.leadId().equals(late))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.step()).isEqualTo(2);
              assertThat(d.channel()).isEqualTo("call");
              assertThat(d.dueAt()).isEqualTo(now.minus(Duration.ofMinutes(30)));
            });
    assertThat(LeadOperations.due(JDBI, now, Duration.ofHours(6), 1)).hasSize(1);
  }

  private TestWorkflowEnvironment temporal(Instant start) {
    TestWorkflowEnvironment fresh =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(start).build());
    FollowUpSearchAttributes.definitions().forEach(fresh::registerSearchAttribute);
    ObjectMapper json = new ObjectMapper();
    Clock clock = Clock.systemUTC();
    FollowUpWorker.attach(
        fresh.getWorkerFactory(),
        WorkerSettings.all(),
        new WorkerDependencies(
            new JdbiDeliveryLedger(JDBI, json, clock),
            new JdbiLeadDirectory(JDBI, json),
            new JdbiLeadProjections(JDBI, clock),
            null,
            new LoggingProvider(),
            new LoggingProvider(),
            new LoggingProvider(),
            null,
            null,
            null,
            null,
            // the senders read the skipped time: a text's window closes on the workflow's clock
            new Clock() {
              @Override
              public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return Instant.ofEpochMilli(fresh.currentTimeMillis());
              }
            },
            null));
    fresh.start();
    return fresh;
  }

  /**
   * A lead as the API makes it: the row, its workflow with {@code change} (none: unscheduled) and
   * the state it returned as the stored projection.
   */
  private String lead(String timezone, FollowUpChange change) {
    String id = storedOnly();
    if (change != null) {
      FollowUpState state =
          LeadWorkflows.applyWithStart(
              env.getWorkflowClient(), new LeadFollowUpInput(id, null, SHIPPED), change, null);
      new JdbiLeadProjections(JDBI, Clock.systemUTC()).saveProjection(state);
    } else {
      LeadWorkflows.applyWithStart(
          env.getWorkflowClient(),
          new LeadFollowUpInput(id, null, SHIPPED),
          new FollowUpChange(null, null, null, timezone, null),
          null);
    }
    return id;
  }

  /** A stored lead whose workflow was never started. */
  private static String storedOnly() {
    String id = UUID.randomUUID().toString();
    LeadRow row = LeadRows.unscheduled(id, "+1555" + PHONES.incrementAndGet(), T0);
    JDBI.useHandle(
        h -> LeadStatements.insert(h, LeadRows.withState(row, FollowUpState.unscheduled(id))));
    return id;
  }

  private static String dueRow(Instant due, int step, Channel channel) {
    String id = UUID.randomUUID().toString();
    FollowUpState state =
        FollowUpState.unscheduled(id)
            .withSchedule(FollowUpConfig.EMPTY, step, FollowUpStatus.SCHEDULED, due, channel);
    LeadRow row = LeadRows.unscheduled(id, "+1555" + PHONES.incrementAndGet(), T0);
    JDBI.useHandle(h -> LeadStatements.insert(h, LeadRows.withState(row, state)));
    return id;
  }

  private FollowUpState query(String leadId) {
    return env.getWorkflowClient()
        .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(leadId))
        .state();
  }

  private static FollowUpState stored(String leadId) {
    return FollowUpStateJson.of(JDBI.withHandle(h -> LeadStatements.find(h, leadId)).orElseThrow());
  }

  private static long deliveries(String leadId) {
    return JDBI.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM deliveries WHERE lead_id = :id")
                .bind("id", leadId)
                .mapTo(Long.class)
                .one());
  }
}

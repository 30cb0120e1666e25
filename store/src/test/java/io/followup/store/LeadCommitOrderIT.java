package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apten's list sync: a client pages {@code updatedSince} by ({@code updatedAt}, id) while two
 * writes to different leads would commit out of the order of their times (a PATCH holding its
 * transaction across the workflow's update, another lead's write committing meanwhile). With the
 * lead clock ({@link LeadClock}) the later write waits for the earlier one's commit and stamps
 * after it, so the reader never passes a change still to commit: it reads both leads, in commit
 * order. Without it the second write's later time commits first, the reader's token passes it, and
 * the first lead's change is never listed.
 */
class LeadCommitOrderIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aReaderPagingBetweenOutOfOrderCommitsListsEveryChangedLead(Engine engine) throws Exception {
    String a = lead(engine);
    String b = lead(engine);

    // the first write takes its time (T0 + 1 s) and holds its transaction open
    Handle first = engine.jdbi().open();
    first.begin();
    LeadStatements.lock(first, a);
    Instant stampedA = LeadClock.stamp(first, a, T0.plusSeconds(1));

    // the second, to another lead, with a later time (T0 + 10 s), commits at once if it can
    CompletableFuture<Instant> second =
        CompletableFuture.supplyAsync(
            () ->
                engine
                    .jdbi()
                    .inTransaction(
                        h -> {
                          LeadStatements.lock(h, b);
                          return LeadClock.stamp(h, b, T0.plusSeconds(10));
                        }));
    // until it has committed, or waits for the first
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!second.isDone()
        && engine.sessionsWaitingForALock() == 0
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(second).as("the later stamp waits for the earlier commit").isNotDone();

    // the reader pages now, between the two commits, and keeps its position
    List<String> seen = new ArrayList<>();
    LeadStatements.ShownLead position = readFrom(engine, null, seen);

    first.commit();
    first.close();
    Instant stampedB = second.get(15, TimeUnit.SECONDS);
    readFrom(engine, position, seen);

    assertThat(seen).as("every changed lead, in commit order").containsExactly(a, b);
    assertThat(stampedB).isAfter(stampedA);
  }

  /** A lead last written at T0, before the reader's start. */
  private static String lead(Engine engine) {
    String id = UUID.randomUUID().toString();
    engine
        .jdbi()
        .useHandle(
            h ->
                LeadStatements.insert(
                    h, LeadRows.unscheduled(id, "+1555" + (System.nanoTime() % 10_000_000), T0)));
    return id;
  }

  /** Pages by updatedAt, one lead a page, from T0 + 0.5 s or after {@code after}. */
  private static LeadStatements.ShownLead readFrom(
      Engine engine, LeadStatements.ShownLead after, List<String> seen) {
    LeadStatements.ShownLead position = after;
    while (true) {
      LeadStatements.ShownLead from = position;
      List<LeadStatements.ShownLead> page =
          engine
              .jdbi()
              .withHandle(
                  h ->
                      LeadStatements.page(
                          h,
                          LeadStatements.ListOrder.UPDATED,
                          from == null ? T0.plusMillis(500) : from.lead().updatedAt(),
                          from == null ? "" : from.lead().id(),
                          Instant.EPOCH,
                          1));
      if (page.isEmpty()) {
        return position;
      }
      page.forEach(l -> seen.add(l.lead().id()));
      position = page.get(page.size() - 1);
    }
  }
}

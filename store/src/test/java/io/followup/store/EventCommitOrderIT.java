package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.events.EventType;
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
 * A reader follows a lead's events by id ({@code nextToken}) while two transactions add events to
 * that lead and would commit out of order: the reader must see every event exactly once.
 */
class EventCommitOrderIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aReaderPagingBetweenOutOfOrderCommitsSeesEveryEventOnce(Engine engine) throws Exception {
    readerSeesEveryEventOnce(engine, EventStatements::insertEvent);
  }

  /**
   * The update path: the row locked first (LeadStatements.lock), then the event without a re-lock.
   */
  @ParameterizedTest
  @MethodSource("engines")
  void theSameWithTheRowLockedByTheCaller(Engine engine) throws Exception {
    readerSeesEveryEventOnce(
        engine,
        (h, lead, type, at, data) -> {
          LeadStatements.lock(h, lead);
          EventStatements.insertEventHoldingLock(h, lead, type, at, data);
        });
  }

  interface EventWriter {
    void insert(Handle handle, String lead, EventType type, Instant at, String data);
  }

  private void readerSeesEveryEventOnce(Engine engine, EventWriter writer) throws Exception {
    String lead = UUID.randomUUID().toString();
    engine
        .jdbi()
        .useHandle(
            h ->
                LeadStatements.insert(
                    h, LeadRows.unscheduled(lead, "+1555" + (System.nanoTime() % 1e7), T0)));

    // first writer: takes the lower id and holds its transaction open (a PATCH waiting on Temporal)
    Handle first = engine.jdbi().open();
    first.begin();
    writer.insert(first, lead, EventType.FOLLOW_UP_CHANGED, T0, "{\"n\":1}");

    // second writer: adds an event to the same lead and commits at once (a send completing)
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () ->
                engine
                    .jdbi()
                    .useTransaction(
                        h ->
                            writer.insert(
                                h, lead, EventType.MESSAGE, T0.plusSeconds(1), "{\"n\":2}")));
    // until the second has committed, or waits for the first
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!second.isDone()
        && engine.sessionsWaitingForALock() == 0
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    // the reader pages now, between the two commits, and keeps its token
    List<EventRow> seen = new ArrayList<>();
    EventRow token = readFrom(engine, lead, null, seen);

    first.commit();
    first.close();
    second.get(15, TimeUnit.SECONDS);
    readFrom(engine, lead, token, seen);

    assertThat(seen)
        .extracting(EventRow::type)
        .as("every event exactly once, in commit order")
        .containsExactly("FOLLOW_UP_CHANGED", "MESSAGE");
  }

  /**
   * Pages through everything after {@code after} (the page's token: its updatedAt and id); returns
   * the last event read.
   */
  private static EventRow readFrom(
      Engine engine, String lead, EventRow after, List<EventRow> seen) {
    EventRow token = after;
    while (true) {
      EventRow from = token;
      List<EventRow> page =
          engine
              .jdbi()
              .withExtension(
                  EventDao.class,
                  dao ->
                      from == null
                          ? dao.page(lead, null, 0, null, 1)
                          : dao.page(lead, from.updatedAt(), from.id(), null, 1));
      if (page.isEmpty()) {
        return token;
      }
      seen.addAll(page);
      token = page.get(page.size() - 1);
    }
  }
}

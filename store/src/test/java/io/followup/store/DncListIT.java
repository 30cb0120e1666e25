package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.RecordedSend;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Do-Not-Contact list (V15) on PostgreSQL and on H2 (the embedded run). */
class DncListIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static String phone() {
    return "+1" + (2_000_000_000L + Math.floorMod(UUID.randomUUID().hashCode(), 7_999_999_999L));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aRegisteredNumberIsListedOnceAndRemovedByTheApi(Engine engine) {
    DncList list = new DncList(engine.jdbi(), CLOCK);
    String phone = phone();

    assertThat(list.register(phone)).as("listed now").isTrue();
    assertThat(list.register(phone)).as("listed already").isFalse();
    assertThat(list.find(phone)).contains(new DncEntry(phone, DncList.API, T0));

    assertThat(list.remove(phone)).isTrue();
    assertThat(list.remove(phone)).isFalse();
    assertThat(list.find(phone)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aKeywordListsTheNumberAndAnOptInKeywordUnlistsOnlyWhatAKeywordListed(Engine engine) {
    DncList list = new DncList(engine.jdbi(), CLOCK);
    String stopped = phone();
    String registered = phone();

    engine.jdbi().useTransaction(h -> DncList.listByKeyword(h, stopped, T0));
    engine.jdbi().useTransaction(h -> DncList.listByKeyword(h, stopped, T0));
    assertThat(list.find(stopped).orElseThrow().source()).isEqualTo(DncList.KEYWORD);
    engine.jdbi().useTransaction(h -> DncList.unlistByKeyword(h, stopped));
    assertThat(list.find(stopped)).isEmpty();

    // a number the organisation registered stays, whatever the lead texts
    list.register(registered);
    engine.jdbi().useTransaction(h -> DncList.listByKeyword(h, registered, T0));
    engine.jdbi().useTransaction(h -> DncList.unlistByKeyword(h, registered));
    assertThat(list.find(registered).orElseThrow().source()).isEqualTo(DncList.API);

    // a registration takes over an entry a keyword made: START no longer removes it
    engine.jdbi().useTransaction(h -> DncList.listByKeyword(h, stopped, T0));
    assertThat(list.register(stopped)).isFalse();
    engine.jdbi().useTransaction(h -> DncList.unlistByKeyword(h, stopped));
    assertThat(list.find(stopped).orElseThrow().source()).isEqualTo(DncList.API);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void theWorkersDirectoryAnswersByTheLeadsE164Phone(Engine engine) {
    String phone = phone();
    JdbiLeadDirectory directory = new JdbiLeadDirectory(engine.jdbi(), new ObjectMapper());
    assertThat(directory.doNotContact(phone)).isFalse();
    assertThat(directory.doNotContact(null)).isFalse();

    new DncList(engine.jdbi(), CLOCK).register(phone);

    assertThat(directory.doNotContact(phone)).isTrue();
    assertThat(directory.doNotContact(phone() + "9")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aConcurrentRegistrationOfOneNumberListsItOnce(Engine engine) throws Exception {
    DncList list = new DncList(engine.jdbi(), CLOCK);
    String phone = phone();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> calls =
          Stream.<Callable<Boolean>>generate(() -> () -> list.register(phone)).limit(8).toList();
      long listedNow = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        listedNow += f.get() ? 1 : 0;
      }
      assertThat(listedNow).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(list.find(phone)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aSendBlockedByTheListIsAComplianceBlockedEventWithReasonDnc(Engine engine) {
    String lead = UUID.randomUUID().toString();
    engine.jdbi().useHandle(h -> LeadStatements.insert(h, LeadRows.unscheduled(lead, phone(), T0)));
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(engine.jdbi(), new ObjectMapper(), CLOCK);
    String key = lead + ":1";
    ledger.claim(key, lead, 1, Channel.CALL);
    RecordedSend blocked =
        new RecordedSend(
            key,
            Channel.CALL,
            DeliveryStatus.BLOCKED,
            null,
            null,
            null,
            null,
            "the number is on the Do-Not-Contact list",
            BlockReason.DNC);

    assertThat(ledger.complete(key, blocked)).isEqualTo(blocked);

    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(events).extracting(EventRow::type).containsExactly("COMPLIANCE_BLOCKED");
    assertThat(events.get(0).data())
        .contains("\"status\":\"BLOCKED\"")
        .contains("\"reason\":\"DNC\"")
        .contains("\"channel\":\"call\"");
  }
}

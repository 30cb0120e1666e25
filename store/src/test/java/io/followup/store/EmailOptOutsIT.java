package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.lead.Lead;
import io.followup.domain.optout.OptOut;
import io.followup.store.EmailOptOuts.Outcome;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.store.webhooks.WebhookOutboxDao;
import java.net.URI;
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

/** Email opt-outs and the generated secrets, on PostgreSQL and on H2 (the embedded run). */
class EmailOptOutsIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static String insertLead(Engine engine) {
    String id = UUID.randomUUID().toString();
    String phone = "+1" + (1_000_000_000L + Math.floorMod(id.hashCode(), 8_999_999_999L));
    engine.jdbi().useHandle(h -> LeadStatements.insert(h, LeadRows.unscheduled(id, phone, T0)));
    return id;
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anUnsubscribeSetsTheEmailFlagWithOneEventAndOneWebhookAndLeavesTextsAlone(Engine engine) {
    String id = insertLead(engine);
    String receiver = "http://127.0.0.1:9/hooks/" + id;
    EmailOptOuts optOuts =
        new EmailOptOuts(
            engine.jdbi(),
            new ObjectMapper(),
            CLOCK,
            WebhookOutbox.toEveryUrl(List.of(URI.create(receiver)), new ObjectMapper(), CLOCK));
    JdbiLeadDirectory directory = new JdbiLeadDirectory(engine.jdbi(), new ObjectMapper());
    assertThat(directory.find(id).orElseThrow().emailUnsubscribed()).isFalse();

    assertThat(optOuts.unsubscribe(id, OptOut.UNSUBSCRIBE_LINK)).isEqualTo(Outcome.UNSUBSCRIBED);
    assertThat(optOuts.unsubscribe(id, OptOut.UNSUBSCRIBE_LINK))
        .isEqualTo(Outcome.ALREADY_UNSUBSCRIBED);

    Lead lead = directory.find(id).orElseThrow();
    assertThat(lead.emailUnsubscribed()).isTrue();
    assertThat(lead.unsubscribed()).as("texts and calls follow the SMS opt-out").isFalse();
    assertThat(optOuts.isUnsubscribed(id)).contains(true);
    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(id, null, 0, null, 10));
    assertThat(events).extracting(EventRow::type).containsExactly("OPT_OUT");
    assertThat(events.get(0).data())
        .contains("\"channel\":\"email\"")
        .contains("\"reason\":\"UNSUBSCRIBE_LINK\"");
    long webhooks =
        engine.jdbi().withExtension(WebhookOutboxDao.class, dao -> dao.pending(receiver));
    assertThat(webhooks).isEqualTo(1);
    String body =
        engine
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT body FROM webhook_outbox WHERE url = :url")
                        .bind("url", receiver)
                        .mapTo(String.class)
                        .one());
    assertThat(body)
        .contains("\"event\":\"optOut\"")
        .contains("\"channel\":\"email\"")
        .contains("\"isTwilioOptOut\":null")
        .contains("\"profile\":null")
        .contains("\"optOutReason\":\"UNSUBSCRIBE_LINK\"");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anUnknownLeadRecordsNothing(Engine engine) {
    EmailOptOuts optOuts =
        new EmailOptOuts(engine.jdbi(), new ObjectMapper(), CLOCK, WebhookOutbox.none());
    String unknown = UUID.randomUUID().toString();

    assertThat(optOuts.unsubscribe(unknown, OptOut.UNSUBSCRIBE_LINK))
        .isEqualTo(Outcome.UNKNOWN_LEAD);
    assertThat(optOuts.isUnsubscribed(unknown)).isEmpty();
    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(unknown, null, 0, null, 10));
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void concurrentUnsubscribesRecordOneEvent(Engine engine) throws Exception {
    String id = insertLead(engine);
    EmailOptOuts optOuts =
        new EmailOptOuts(engine.jdbi(), new ObjectMapper(), CLOCK, WebhookOutbox.none());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<Outcome> unsubscribe = () -> optOuts.unsubscribe(id, OptOut.UNSUBSCRIBE_LINK);
      List<Future<Outcome>> outcomes =
          pool.invokeAll(List.of(unsubscribe, unsubscribe, unsubscribe, unsubscribe));
      long unsubscribed = 0;
      for (Future<Outcome> outcome : outcomes) {
        if (outcome.get() == Outcome.UNSUBSCRIBED) {
          unsubscribed++;
        }
      }
      assertThat(unsubscribed).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(id, null, 0, null, 10));
    assertThat(events).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aGeneratedSecretIsStoredOnceAndEveryProcessReadsTheSameOne(Engine engine) {
    String name = "test-" + UUID.randomUUID();

    byte[] first = new ServiceSecrets(engine.jdbi(), CLOCK).getOrCreate(name);
    byte[] again = new ServiceSecrets(engine.jdbi(), CLOCK).getOrCreate(name);

    assertThat(first).hasSize(32).isEqualTo(again);
    assertThat(new ServiceSecrets(engine.jdbi(), CLOCK).getOrCreate("other-" + name))
        .hasSize(32)
        .isNotEqualTo(first);
  }
}

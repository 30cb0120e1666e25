package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.ledger.RecordedSend;
import io.followup.store.support.OldDatabases;
import io.followup.store.support.OldDatabases.Database;
import io.followup.store.support.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V13 on a database whose emails were written the old way (V12: "subject\n\nbody" in the ledger's
 * content and in the EMAIL event's data): each is split once; texts and other events stay.
 */
class EmailSubjectMigrationIT {
  private static final String PG = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  static Stream<Database> databases() {
    return OldDatabases.both(PG);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void emailsStoredAsSubjectBlankLineBodyAreSplitOnce(Database db) throws Exception {
    Jdbi jdbi = OldDatabases.migratedTo(db, "12");
    String lead = UUID.randomUUID().toString();
    jdbi.useHandle(
        h -> {
          delivery(h, lead + ":1", "email", "Following up, Ada\n\nHi Ada,\n\nBest");
          delivery(h, lead + ":2", "email", "A subject alone");
          delivery(h, lead + ":3", "text", "Hi Ada\n\nstill one text");
          delivery(h, lead + ":4", "email", null);
          event(h, lead, "EMAIL", "{\"channel\":\"email\",\"content\":\"Hello\\n\\nBody\"}");
          event(h, lead, "MESSAGE", "{\"channel\":\"text\",\"content\":\"a\\n\\nb\"}");
        });

    Migrations.migrate(db.url(), db.user(), "");

    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC());
    RecordedSend email = ledger.find(lead + ":1").orElseThrow().result();
    assertThat(email.subject()).isEqualTo("Following up, Ada");
    assertThat(email.content()).isEqualTo("Hi Ada,\n\nBest");
    RecordedSend subjectOnly = ledger.find(lead + ":2").orElseThrow().result();
    assertThat(subjectOnly.subject()).isEqualTo("A subject alone");
    assertThat(subjectOnly.content()).isEmpty();
    RecordedSend text = ledger.find(lead + ":3").orElseThrow().result();
    assertThat(text.subject()).isNull();
    assertThat(text.content()).isEqualTo("Hi Ada\n\nstill one text");
    RecordedSend empty = ledger.find(lead + ":4").orElseThrow().result();
    assertThat(empty.subject()).isNull();
    assertThat(empty.content()).isNull();

    // V16 then moved the split subject into the event's content object, and split nothing again
    List<EventRow> events =
        jdbi.withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    JsonNode emailEvent = JSON.readTree(events.get(0).data());
    assertThat(emailEvent.at("/content/subject").asText()).isEqualTo("Hello");
    assertThat(emailEvent.at("/content/text").asText()).isEqualTo("Body");
    assertThat(emailEvent.has("subject")).isFalse();
    JsonNode textEvent = JSON.readTree(events.get(1).data());
    assertThat(textEvent.at("/content").has("subject")).isFalse();
    assertThat(textEvent.at("/content/text").asText()).isEqualTo("a\n\nb");
  }

  private static void delivery(org.jdbi.v3.core.Handle h, String key, String channel, String text) {
    h.createUpdate(
            "INSERT INTO deliveries (idempotency_key, lead_id, follow_up_step, channel, status,"
                + " content, provider_id, claimed_at, completed_at)"
                + " VALUES (:key, :lead, 1, :channel, 'SENT', :content, 'p', :at, :at)")
        .bind("key", key)
        .bind("lead", key.substring(0, key.indexOf(':')))
        .bind("channel", channel)
        .bind("content", text)
        .bind("at", T0)
        .execute();
  }

  private static void event(org.jdbi.v3.core.Handle h, String lead, String type, String data) {
    h.createUpdate(
            "INSERT INTO lead_events (lead_id, type, occurred_at, data)"
                + " VALUES (:lead, :type, :at, :data)")
        .bind("lead", lead)
        .bind("type", type)
        .bind("at", T0)
        .bind("data", data)
        .execute();
  }
}

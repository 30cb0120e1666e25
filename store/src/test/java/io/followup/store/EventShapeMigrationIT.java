package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.events.EventType;
import io.followup.store.support.OldDatabases;
import io.followup.store.support.OldDatabases.Database;
import io.followup.store.support.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V16 on a database holding events written by earlier versions (rows written at V12, an email as
 * "subject\n\nbody", which V13 splits, and rows written at V15, an email's subject apart): every
 * event gets its time as {@code updated_at}, texts and emails take Apten's message fields, a
 * MESSAGE_RECEIVED becomes an inbound MESSAGE, a send's event gets the key a delivery status amends
 * it by; other events keep their data. An email V13 split is not split again.
 */
class EventShapeMigrationIT {
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
  void eventsWrittenTheOldWayTakeTheNewShape(Database db) throws Exception {
    Jdbi jdbi = OldDatabases.migratedTo(db, "12");
    String lead = UUID.randomUUID().toString();
    jdbi.useHandle(
        h -> {
          old(
              h,
              lead,
              "MESSAGE",
              0,
              "{\"followUpStep\":1,\"isFollowUp\":true,\"channel\":\"text\",\"status\":\"SENT\","
                  + "\"content\":\"Hi Ada\",\"idempotencyKey\":\"k:1\"}",
              null);
          old(
              h,
              lead,
              "EMAIL",
              1,
              "{\"channel\":\"email\",\"status\":\"SENT\",\"content\":\"Following up\\n\\nHi Ada,"
                  + "\\n\\nBest\",\"idempotencyKey\":\"k:2\"}",
              null);
          old(
              h,
              lead,
              "MESSAGE_RECEIVED",
              2,
              "{\"channel\":\"sms\",\"content\":\"yes please\",\"messageSid\":\"SM1\","
                  + "\"creditedEventId\":1}",
              "sms:SM1");
          old(
              h,
              lead,
              "CALL",
              3,
              "{\"channel\":\"call\",\"status\":\"ANSWERED\",\"content\":\"script\","
                  + "\"idempotencyKey\":\"k:3\"}",
              null);
          old(h, lead, "FOLLOW_UP_CHANGED", 4, "{\"followUpStep\":2}", null);
          old(
              h,
              lead,
              "COMPLIANCE_BLOCKED",
              5,
              "{\"status\":\"DEFERRED\",\"idempotencyKey\":\"k:4\"}",
              "deferral:k:4:x");
        });
    OldDatabases.migratedTo(db, "15");
    jdbi.useHandle(
        h -> {
          // written since V13: the subject apart, the body with blank lines of its own
          old(
              h,
              lead,
              "EMAIL",
              6,
              "{\"channel\":\"email\",\"status\":\"SENT\",\"subject\":\"Second\","
                  + "\"content\":\"Hi Ada,\\n\\nStill there?\\n\\nBest\",\"idempotencyKey\":\"k:5\"}",
              null);
          // an email rendered without a subject: its whole text is the body
          old(
              h,
              lead,
              "EMAIL",
              7,
              "{\"channel\":\"email\",\"status\":\"FAILED\",\"content\":\"Line\\n\\nmore\","
                  + "\"idempotencyKey\":\"k:6\"}",
              null);
        });

    Migrations.migrate(db.url(), db.user(), "");

    List<EventRow> events =
        jdbi.withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(events)
        .extracting(EventRow::type)
        .containsExactly(
            "MESSAGE",
            "EMAIL",
            "MESSAGE",
            "CALL",
            "FOLLOW_UP_CHANGED",
            "COMPLIANCE_BLOCKED",
            "EMAIL",
            "EMAIL");
    assertThat(events).allSatisfy(e -> assertThat(e.updatedAt()).isEqualTo(e.occurredAt()));

    JsonNode text = data(events.get(0));
    assertThat(text.at("/direction").asText()).isEqualTo("OUTBOUND");
    assertThat(text.at("/deliveryChannel").asText()).isEqualTo("SMS");
    assertThat(text.at("/isAiGenerated").isBoolean()).isTrue();
    assertThat(text.at("/isAiGenerated").asBoolean()).isFalse();
    assertThat(text.at("/content/text").asText()).isEqualTo("Hi Ada");
    assertThat(text.at("/content").has("subject")).isFalse();
    assertThat(text.at("/followUpStep").asInt()).isEqualTo(1);
    assertThat(text.at("/status").asText()).isEqualTo("SENT");

    JsonNode email = data(events.get(1));
    assertThat(email.at("/deliveryChannel").asText()).isEqualTo("EMAIL");
    assertThat(email.at("/content/subject").asText()).isEqualTo("Following up");
    assertThat(email.at("/content/text").asText()).isEqualTo("Hi Ada,\n\nBest");
    assertThat(email.has("subject")).as("the subject moved into content").isFalse();

    JsonNode reply = data(events.get(2));
    assertThat(reply.at("/direction").asText()).isEqualTo("INBOUND");
    assertThat(reply.at("/deliveryChannel").asText()).isEqualTo("SMS");
    assertThat(reply.at("/content/text").asText()).isEqualTo("yes please");
    assertThat(reply.at("/messageSid").asText()).isEqualTo("SM1");
    assertThat(reply.at("/creditedEventId").asLong()).isEqualTo(1);

    assertThat(data(events.get(3)).at("/content").asText()).isEqualTo("script");
    assertThat(data(events.get(4))).isEqualTo(JSON.readTree("{\"followUpStep\":2}"));
    assertThat(data(events.get(5)).has("direction")).isFalse();

    JsonNode later = data(events.get(6));
    assertThat(later.at("/content/subject").asText()).isEqualTo("Second");
    assertThat(later.at("/content/text").asText()).isEqualTo("Hi Ada,\n\nStill there?\n\nBest");
    assertThat(later.has("subject")).isFalse();
    JsonNode noSubject = data(events.get(7));
    assertThat(noSubject.at("/content/subject").isNull()).isTrue();
    assertThat(noSubject.at("/content/text").asText()).isEqualTo("Line\n\nmore");

    // a send's event is found by its key: a late delivery status moves it past the others
    boolean sendAmended = jdbi.withHandle(h -> EventStatements.amendEvent(h, lead, "send:k:1", T0));
    assertThat(sendAmended).isTrue();
    boolean deferralAmended =
        jdbi.withHandle(h -> EventStatements.amendEvent(h, lead, "send:k:4", T0));
    assertThat(deferralAmended).as("a deferral keeps its own key").isFalse();
    jdbi.useHandle(
        h ->
            EventStatements.insertEvent(h, lead, EventType.CONTEXT_ADDED, T0.plusSeconds(8), "{}"));
    List<EventRow> after =
        jdbi.withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(after.get(after.size() - 2).id()).isEqualTo(events.get(0).id());
    assertThat(after.get(after.size() - 2).updatedAt()).isAfter(T0.plusSeconds(7));
    assertThat(after.get(after.size() - 1).type()).isEqualTo("CONTEXT_ADDED");
  }

  private static void old(
      Handle h, String lead, String type, int second, String data, String dedupeKey) {
    h.createUpdate(
            "INSERT INTO lead_events (lead_id, type, occurred_at, data, dedupe_key)"
                + " VALUES (:lead, :type, :at, :data, :key)")
        .bind("lead", lead)
        .bind("type", type)
        .bind("at", T0.plusSeconds(second))
        .bind("data", data)
        .bind("key", dedupeKey)
        .execute();
  }

  private static JsonNode data(EventRow row) throws Exception {
    return JSON.readTree(row.data());
  }
}

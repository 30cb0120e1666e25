package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.ledger.RecordedSend;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A provider's status callback and the send it reports on, in either order (V12): a callback that
 * comes before the send is recorded is kept and becomes the lead's DELIVERY_STATUS event when the
 * ledger completes the send with that provider id.
 */
class DeliveryStatusesIT {
  private static final String PG = TestDatabases.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static String lead(Jdbi jdbi) {
    String id = UUID.randomUUID().toString();
    String phone = "+1555" + String.format("%07d", Math.abs(id.hashCode()) % 10_000_000);
    jdbi.useHandle(h -> LeadStatements.insert(h, LeadRows.unscheduled(id, phone, Instant.now())));
    return id;
  }

  private static ObjectNode status(String status, String raw) {
    ObjectNode data = JSON.createObjectNode();
    data.put("status", status);
    data.put("providerStatus", raw);
    return data;
  }

  /** What the status callback does: the send when it has the id, else kept. */
  private static Optional<DeliveryRow> callback(Jdbi jdbi, String sid, ObjectNode status) {
    Optional<DeliveryRow> send =
        jdbi.inTransaction(handle -> DeliveryStatuses.keep(handle, sid, status, Instant.now()));
    send.ifPresent(
        row ->
            jdbi.useTransaction(
                handle -> DeliveryStatuses.record(handle, JSON, row, status, Instant.now())));
    return send;
  }

  private static void complete(
      JdbiDeliveryLedger ledger, String key, String leadId, int step, Channel channel, String sid) {
    ledger.claim(key, leadId, step, channel);
    ledger.complete(
        key,
        new RecordedSend(
            key,
            channel,
            channel == Channel.CALL ? DeliveryStatus.NO_ANSWER : DeliveryStatus.SENT,
            null,
            "hello",
            null,
            sid,
            null,
            null));
  }

  private static List<EarlyStatusRow> kept(Jdbi jdbi, String sid) {
    return jdbi.withExtension(EarlyStatusDao.class, dao -> dao.find(sid));
  }

  private static List<EventRow> events(Jdbi jdbi, String leadId) {
    return jdbi.withExtension(EventDao.class, dao -> dao.page(leadId, null, 0, null, 100));
  }

  private static JsonNode data(EventRow event) throws Exception {
    return JSON.readTree(event.data());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aCallbackBeforeTheSendIsRecordedWhenTheSendCompletes(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC());
    String leadId = lead(jdbi);
    String sid = "CA" + UUID.randomUUID().toString().replace("-", "");

    // the call's no-answer comes while the call activity still runs: no send has the SID yet
    assertThat(callback(jdbi, sid, status("NO_ANSWER", "no-answer"))).isEmpty();
    // Twilio repeats it: kept once
    assertThat(callback(jdbi, sid, status("NO_ANSWER", "no-answer"))).isEmpty();
    assertThat(events(jdbi, leadId)).isEmpty();

    complete(ledger, leadId + ":3", leadId, 3, Channel.CALL, sid);

    // by updatedAt: the status amended the call's event, which moved past it
    List<EventRow> events = events(jdbi, leadId);
    assertThat(events).extracting(EventRow::type).containsExactly("DELIVERY_STATUS", "CALL");
    assertThat(events.get(1).updatedAt()).isAfter(events.get(0).updatedAt());
    assertThat(events.get(1).occurredAt()).isBeforeOrEqualTo(events.get(0).occurredAt());
    JsonNode reported = data(events.get(0));
    assertThat(reported.get("status").asText()).isEqualTo("NO_ANSWER");
    assertThat(reported.get("providerStatus").asText()).isEqualTo("no-answer");
    assertThat(reported.get("idempotencyKey").asText()).isEqualTo(leadId + ":3");
    assertThat(reported.get("channel").asText()).isEqualTo("call");
    assertThat(reported.get("followUpStep").asInt()).isEqualTo(3);
    assertThat(reported.hasNonNull("receivedAt")).isTrue();
    // claimed: nothing kept any more, and a repeat now is recorded once (already)
    assertThat(kept(jdbi, sid)).isEmpty();
    assertThat(callback(jdbi, sid, status("NO_ANSWER", "no-answer"))).isPresent();
    assertThat(events(jdbi, leadId)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aCallbackAfterTheSendIsRecordedAtOnce(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC());
    String leadId = lead(jdbi);
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    complete(ledger, leadId + ":1", leadId, 1, Channel.TEXT, sid);

    assertThat(callback(jdbi, sid, status("DELIVERED", "delivered"))).isPresent();

    // by updatedAt: the status amended the text's event, which moved past it
    List<EventRow> events = events(jdbi, leadId);
    assertThat(events).extracting(EventRow::type).containsExactly("DELIVERY_STATUS", "MESSAGE");
    assertThat(events.get(1).updatedAt()).isAfter(events.get(1).occurredAt());
    assertThat(data(events.get(0)).get("status").asText()).isEqualTo("DELIVERED");
    assertThat(data(events.get(0)).get("followUpStep").asInt()).isEqualTo(1);
    // a repeated callback changes nothing more
    Instant moved = events.get(1).updatedAt();
    assertThat(callback(jdbi, sid, status("DELIVERED", "delivered"))).isPresent();
    assertThat(events(jdbi, leadId)).hasSize(2);
    assertThat(events(jdbi, leadId).get(1).updatedAt()).isEqualTo(moved);
    assertThat(kept(jdbi, sid)).isEmpty();
  }

  /** A one-off message (sendMessage) is no follow-up step: followUpStep null, as on its MESSAGE. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aOneOffMessagesStatusHasNoFollowUpStep(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC());
    String leadId = lead(jdbi);
    String before = "SM" + UUID.randomUUID().toString().replace("-", "");
    String after = "SM" + UUID.randomUUID().toString().replace("-", "");
    callback(jdbi, before, status("SENT", "sent"));
    complete(ledger, leadId + ":msg:a", leadId, SendRequest.ONE_OFF, Channel.TEXT, before);
    complete(ledger, leadId + ":msg:b", leadId, SendRequest.ONE_OFF, Channel.TEXT, after);
    callback(jdbi, after, status("DELIVERED", "delivered"));

    List<EventRow> statuses =
        events(jdbi, leadId).stream().filter(e -> e.type().equals("DELIVERY_STATUS")).toList();
    assertThat(statuses).hasSize(2);
    for (EventRow event : statuses) {
      assertThat(data(event).has("followUpStep")).isTrue();
      assertThat(data(event).get("followUpStep").isNull()).isTrue();
    }
  }

  private static List<LeadMessageRow> resends(Jdbi jdbi, String leadId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + LeadMessageDao.COLUMNS
                        + " FROM lead_messages WHERE lead_id = :lead ORDER BY created_at")
                .bind("lead", leadId)
                .map(
                    (rs, ctx) ->
                        new LeadMessageRow(
                            rs.getString("id"),
                            rs.getString("lead_id"),
                            rs.getString("idempotency_key"),
                            rs.getString("request_hash"),
                            rs.getString("body"),
                            rs.getTimestamp("send_at").toInstant(),
                            rs.getBoolean("override_business_hours"),
                            rs.getBoolean("send_when_off"),
                            rs.getBoolean("schedule_follow_ups"),
                            rs.getBoolean("accepted"),
                            rs.getTimestamp("created_at").toInstant()))
                .list());
  }

  /**
   * An expired text's re-send is stored with its EXPIRED status (review finding d): by the callback
   * or, for a callback that came first, by the send's completion; once, whatever the repeats; never
   * for a call, nor for a re-send that expired itself.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void anExpiredTextsReSendIsStoredWithItsStatusOnce(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC());
    String leadId = lead(jdbi);
    String late = "SM" + UUID.randomUUID().toString().replace("-", "");
    String early = "SM" + UUID.randomUUID().toString().replace("-", "");
    String call = "CA" + UUID.randomUUID().toString().replace("-", "");

    // the callback after the send: stored in its transaction; Twilio repeats it: still one
    complete(ledger, leadId + ":1", leadId, 1, Channel.TEXT, late);
    callback(jdbi, late, status("EXPIRED", "undelivered"));
    callback(jdbi, late, status("EXPIRED", "undelivered"));
    // the callback before the send: kept, then stored by the send's completion
    callback(jdbi, early, status("EXPIRED", "undelivered"));
    complete(ledger, leadId + ":2", leadId, 2, Channel.TEXT, early);
    callback(jdbi, early, status("EXPIRED", "undelivered"));
    // a call has no re-send
    complete(ledger, leadId + ":3", leadId, 3, Channel.CALL, call);
    callback(jdbi, call, status("EXPIRED", "undelivered"));

    List<LeadMessageRow> stored = resends(jdbi, leadId);
    assertThat(stored)
        .extracting(LeadMessageRow::idempotencyKey)
        .containsExactlyInAnyOrder(
            ExpiredResends.PREFIX + leadId + ":1", ExpiredResends.PREFIX + leadId + ":2");
    for (LeadMessageRow row : stored) {
      assertThat(row.body()).isEqualTo("hello");
      assertThat(row.accepted()).isFalse();
      assertThat(row.sendWhenOff()).isFalse();
    }
    // what the API's sweeper finds once they are old enough
    List<LeadMessageRow> due =
        jdbi.withExtension(
            LeadMessageDao.class, dao -> dao.unacceptedResends(Instant.now().plusSeconds(1), 100));
    assertThat(due).extracting(LeadMessageRow::leadId).containsOnly(leadId);

    // the re-send (a one-off message) expires too: recorded, nothing more stored
    String again = "SM" + UUID.randomUUID().toString().replace("-", "");
    complete(
        ledger,
        leadId + ":msg:" + stored.get(0).id(),
        leadId,
        SendRequest.ONE_OFF,
        Channel.TEXT,
        again);
    callback(jdbi, again, status("EXPIRED", "undelivered"));
    assertThat(resends(jdbi, leadId)).hasSize(2);
  }
}

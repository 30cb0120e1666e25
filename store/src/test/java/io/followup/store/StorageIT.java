package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.events.EventType;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.Claim;
import io.followup.domain.ledger.RecordedSend;
import io.followup.store.LeadStatements.ListOrder;
import io.followup.store.LeadStatements.ShownLead;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.store.webhooks.WebhookOutboxDao;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store on every engine the product runs on: PostgreSQL, and H2 for the embedded run. */
class StorageIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static LeadRow lead(String id, String phone, Instant created) {
    return LeadRows.unscheduled(id, phone, created);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  /** The API's limits count code points; a name of 200 astral characters is 400 UTF-16 units. */
  @ParameterizedTest
  @MethodSource("engines")
  void theLongestNamesAndEmailTheApiAcceptsAreStoredWithAstralCharacters(Engine engine) {
    String id = unique();
    String name = "\uD835\uDD4F".repeat(200);
    String email = "\uD835\uDD4F".repeat(300) + "@example.com";
    LeadRow row =
        LeadRows.unscheduled(
            id, name, name, "+1" + (System.nanoTime() % 10_000_000_000L), email, T0);
    engine.jdbi().useHandle(h -> LeadStatements.insert(h, row));

    LeadRow read = engine.jdbi().withHandle(h -> LeadStatements.find(h, id)).orElseThrow();
    assertThat(read.firstName()).isEqualTo(name);
    assertThat(read.lastName()).isEqualTo(name);
    assertThat(read.email()).isEqualTo(email);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void leadsAreCountedByFollowUpStatusInOneQuery(Engine engine) {
    java.util.Map<String, Long> before =
        engine.jdbi().withExtension(LeadDao.class, LeadDao::countByFollowUpStatus);
    engine
        .jdbi()
        .useHandle(
            h -> {
              LeadStatements.insert(
                  h, lead(unique(), "+1556" + System.nanoTime() % 10_000_000, T0));
              LeadStatements.insert(
                  h, lead(unique(), "+1557" + System.nanoTime() % 10_000_000, T0));
            });

    java.util.Map<String, Long> after =
        engine.jdbi().withExtension(LeadDao.class, LeadDao::countByFollowUpStatus);

    assertThat(after.get("UNSCHEDULED")).isEqualTo(before.getOrDefault("UNSCHEDULED", 0L) + 2);
    assertThat(after.keySet())
        .allSatisfy(
            status -> assertThat(status).isIn("UNSCHEDULED", "SCHEDULED", "STOPPED", "LONG_TERM"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aLeadIsStoredReadAndLockedAndItsPhoneIsUnique(Engine engine) {
    String id = unique();
    String phone = "+1" + (System.nanoTime() % 10_000_000_000L);
    engine.jdbi().useHandle(h -> LeadStatements.insert(h, lead(id, phone, T0)));

    LeadRow read = engine.jdbi().withHandle(h -> LeadStatements.find(h, id)).orElseThrow();
    assertThat(read.createdAt()).isEqualTo(T0);
    java.util.Optional<LeadRow> locked =
        engine.jdbi().inTransaction(h -> LeadStatements.lock(h, id));
    assertThat(locked).isPresent();
    assertThatThrownBy(
            () -> engine.jdbi().useHandle(h -> LeadStatements.insert(h, lead(unique(), phone, T0))))
        .satisfies(e -> assertThat(Sql.isUniqueViolation(e)).isTrue());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void pagesAreOldestFirstByEitherTimestampFromAPosition(Engine engine) {
    Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(3650, ChronoUnit.DAYS);
    String a = "a-" + unique();
    String b = "b-" + unique();
    String c = "c-" + unique();
    engine
        .jdbi()
        .useHandle(
            h -> {
              LeadStatements.insert(h, lead(a, "+1555" + System.nanoTime() % 10_000_000, base));
              LeadStatements.insert(
                  h, lead(b, "+1556" + System.nanoTime() % 10_000_000, base.plusSeconds(1)));
              LeadStatements.insert(
                  h, lead(c, "+1557" + System.nanoTime() % 10_000_000, base.plusSeconds(1)));
            });
    List<String> first = page(engine, ListOrder.CREATED, base, "", 2);
    assertThat(first).containsExactly(a, b);
    List<String> second = page(engine, ListOrder.CREATED, base.plusSeconds(1), b, 2);
    assertThat(second).containsExactly(c);
    // by update: a changed later comes last, after the position of the others
    engine
        .jdbi()
        .useHandle(
            h ->
                LeadStatements.update(
                    h,
                    a,
                    LeadRows.unscheduled(a, "+1", base).profile(),
                    FollowUpState.unscheduled(a),
                    base.plusSeconds(5)));
    assertThat(page(engine, ListOrder.UPDATED, base, "", 3)).containsExactly(b, c, a);
    assertThat(page(engine, ListOrder.UPDATED, base.plusSeconds(1), c, 3)).containsExactly(a);
  }

  private static List<String> page(
      Engine engine, ListOrder order, Instant fromAt, String fromId, int limit) {
    return engine
        .jdbi()
        .withHandle(
            h -> LeadStatements.page(h, order, fromAt, fromId, fromAt.minusSeconds(60), limit))
        .stream()
        .map(shown -> shown.lead().id())
        .toList();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aRetriedDeferralIsRecordedOnce(Engine engine) {
    String id = unique();
    JdbiDeliveryLedger ledger =
        new JdbiDeliveryLedger(engine.jdbi(), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    SendDeferral deferral =
        new SendDeferral(
            id,
            id + ":3",
            3,
            Channel.TEXT,
            SendDeferral.DAILY_CAP,
            T0.plusSeconds(3600),
            10,
            10,
            null);

    ledger.recordDeferral(deferral);
    ledger.recordDeferral(deferral);
    ledger.recordDeferral(
        new SendDeferral(
            id,
            id + ":3",
            3,
            Channel.TEXT,
            SendDeferral.DAILY_CAP,
            T0.plusSeconds(7200),
            10,
            10,
            null));

    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(id, null, 0, null, 10));
    assertThat(events).hasSize(2).extracting(EventRow::type).containsOnly("COMPLIANCE_BLOCKED");
    assertThat(events.get(0).data()).contains("\"reason\":\"DAILY_CAP\"");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aProjectionFromTheWorkflowNeverOverwritesANewerOne(Engine engine) {
    String id = unique();
    engine
        .jdbi()
        .useHandle(
            h -> LeadStatements.insert(h, lead(id, "+1444" + System.nanoTime() % 10_000_000, T0)));
    FollowUpState v2 = projection(id, 2, 7);
    boolean newer = engine.jdbi().withHandle(h -> LeadStatements.saveProjectionIfNewer(h, v2, T0));
    // a save of an earlier state that arrives late (same counters, lower revision) is dropped
    boolean older =
        engine
            .jdbi()
            .withHandle(h -> LeadStatements.saveProjectionIfNewer(h, projection(id, 1, 6), T0));
    boolean same =
        engine
            .jdbi()
            .withHandle(h -> LeadStatements.saveProjectionIfNewer(h, projection(id, 1, 7), T0));
    assertThat(newer).isTrue();
    assertThat(older).isFalse();
    assertThat(same).isFalse();
    assertThat(
            engine.jdbi().withHandle(h -> LeadStatements.find(h, id)).orElseThrow().followUpState())
        .isEqualTo(FollowUpStateJson.write(v2));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aRowLockedTooLongIsBusyNotAnError(Engine engine) throws Exception {
    String id = unique();
    engine
        .jdbi()
        .useHandle(
            h -> LeadStatements.insert(h, lead(id, "+1333" + System.nanoTime() % 10_000_000, T0)));
    try (var holder = engine.jdbi().open()) {
      holder.begin();
      LeadStatements.lock(holder, id);
      assertThatThrownBy(
              () ->
                  engine
                      .jdbi()
                      .useTransaction(
                          h -> {
                            h.execute(
                                engine.name().equals("h2")
                                    ? "SET LOCK_TIMEOUT 200"
                                    : "SET LOCAL lock_timeout = '200ms'");
                            LeadStatements.lock(h, id);
                          }))
          .satisfies(
              e -> {
                assertThat(Sql.isBusy(e)).isTrue();
                assertThat(Sql.isUnavailable(e)).isFalse();
              });
      holder.rollback();
    }
  }

  /** An activity's failure is logged and kept in history: it must not carry the lead's data. */
  @ParameterizedTest
  @MethodSource("engines")
  void aLedgerFailureNamesNoValue(Engine engine) {
    JdbiDeliveryLedger ledger =
        new JdbiDeliveryLedger(engine.jdbi(), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    String lead = unique();
    String key = lead + ":1";
    ledger.claim(key, lead, 1, Channel.TEXT);
    String tooLong = "strategy-of-Jane-Secret-".repeat(20);

    assertThatThrownBy(
            () ->
                ledger.complete(
                    key,
                    new RecordedSend(
                        key,
                        Channel.TEXT,
                        DeliveryStatus.SENT,
                        tooLong,
                        "Hi Jane, your quote",
                        null,
                        "p-1",
                        null,
                        null)))
        .isInstanceOf(StoreException.class)
        .hasNoCause()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("SQLState")
                    .doesNotContain("Jane")
                    .doesNotContain("quote"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aStatementFailureRendersNoBoundValue(Engine engine) {
    Jdbi jdbi = Sql.withoutValuesInErrors(engine.jdbi());
    String id = unique();
    jdbi.useHandle(h -> LeadStatements.insert(h, lead(id, "+15550001111", T0)));

    assertThatThrownBy(
            () ->
                jdbi.useHandle(
                    h ->
                        EventStatements.insertEvent(
                            h,
                            "X".repeat(100),
                            EventType.MESSAGE,
                            T0,
                            "{\"content\":\"Hi Jane\"}")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Hi Jane"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void theLedgerRecordsEachSendOnceAndItsEvent(Engine engine) {
    JdbiDeliveryLedger ledger =
        new JdbiDeliveryLedger(engine.jdbi(), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    String lead = unique();
    String key = lead + ":1";

    Claim first = ledger.claim(key, lead, 1, Channel.TEXT);
    Claim again = ledger.claim(key, lead, 1, Channel.TEXT);
    assertThat(first.fresh()).isTrue();
    assertThat(again.resumed()).isTrue();

    RecordedSend sent =
        new RecordedSend(
            key, Channel.TEXT, DeliveryStatus.SENT, "auto", "Hi Ada", null, "p-1", null, null);
    RecordedSend failedLater =
        new RecordedSend(
            key, Channel.TEXT, DeliveryStatus.FAILED, null, null, null, null, "late", null);
    assertThat(ledger.complete(key, sent)).isEqualTo(sent);
    assertThat(ledger.complete(key, failedLater)).as("the first completion wins").isEqualTo(sent);
    assertThat(ledger.claim(key, lead, 1, Channel.TEXT).completed()).isTrue();

    String blockedKey = lead + ":2";
    ledger.claim(blockedKey, lead, 2, Channel.CALL);
    ledger.complete(
        blockedKey,
        new RecordedSend(
            blockedKey,
            Channel.CALL,
            DeliveryStatus.BLOCKED,
            null,
            null,
            null,
            null,
            "opted out",
            BlockReason.OPTED_OUT));

    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(events).extracting(EventRow::type).containsExactly("MESSAGE", "COMPLIANCE_BLOCKED");
    assertThat(events.get(0).data())
        .contains("\"status\":\"SENT\"")
        .contains("\"content\":{\"text\":\"Hi Ada\"}")
        .contains("\"direction\":\"OUTBOUND\"")
        .contains("\"deliveryChannel\":\"SMS\"")
        .contains("\"isAiGenerated\":false")
        .contains("\"strategyId\":\"auto\"")
        .contains("\"followUpStep\":1");
    assertThat(events.get(1).data())
        .contains("\"status\":\"BLOCKED\"")
        .contains("\"reason\":\"OPTED_OUT\"");
    assertThat(ledger.listByLead(lead)).hasSize(2);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aProviderOptOutUnsubscribesTheLeadWithOneOptOutEvent(Engine engine) {
    String id = unique();
    engine
        .jdbi()
        .useHandle(
            h ->
                LeadStatements.insert(
                    h, lead(id, "+1" + (System.nanoTime() % 10_000_000_000L), T0)));
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    String receiver = "http://127.0.0.1:9/hooks/" + id;
    JdbiLeadDirectory directory =
        new JdbiLeadDirectory(
            engine.jdbi(),
            new ObjectMapper(),
            clock,
            WebhookOutbox.toEveryUrl(List.of(URI.create(receiver)), new ObjectMapper(), clock));
    assertThat(directory.find(id).orElseThrow().unsubscribed()).isFalse();

    directory.markOptedOut(id, "sms", "TWILIO_21610");
    directory.markOptedOut(id, "sms", "TWILIO_21610");

    assertThat(directory.find(id).orElseThrow().unsubscribed()).isTrue();
    List<EventRow> events =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(id, null, 0, null, 10));
    assertThat(events).extracting(EventRow::type).containsExactly("OPT_OUT");
    assertThat(events.get(0).occurredAt()).isEqualTo(T0);
    assertThat(events.get(0).data())
        .contains("\"channel\":\"sms\"")
        .contains("\"reason\":\"TWILIO_21610\"");
    // and one optOut webhook, in the same transaction
    long webhooks =
        engine.jdbi().withExtension(WebhookOutboxDao.class, dao -> dao.pending(receiver));
    assertThat(webhooks).isEqualTo(1);
    // an unknown lead: nothing recorded, no failure
    directory.markOptedOut(unique(), "sms", "TWILIO_21610");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aReleasedClaimCanBeClaimedAfreshAndACompletedOneStays(Engine engine) {
    JdbiDeliveryLedger ledger =
        new JdbiDeliveryLedger(engine.jdbi(), new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    String lead = unique();
    String key = lead + ":1";
    ledger.claim(key, lead, 1, Channel.EMAIL);

    assertThat(ledger.release(key)).isTrue();
    assertThat(ledger.find(key)).isEmpty();
    assertThat(ledger.claim(key, lead, 1, Channel.EMAIL).fresh()).isTrue();

    RecordedSend sent =
        new RecordedSend(
            key, Channel.EMAIL, DeliveryStatus.SENT, null, "Hi", null, "<m@x>", null, null);
    ledger.complete(key, sent);
    assertThat(ledger.release(key)).isFalse();
    assertThat(ledger.release(lead + ":unknown")).isFalse();
    assertThat(ledger.find(key).orElseThrow().result()).isEqualTo(sent);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void eventsPageByUpdatedAtAndFilterByType(Engine engine) {
    String lead = unique();
    engine
        .jdbi()
        .useHandle(
            h -> {
              EventStatements.insertEvent(h, lead, EventType.FOLLOW_UP_CHANGED, T0, "{}");
              EventStatements.insertEvent(h, lead, EventType.MESSAGE, T0.plusSeconds(1), "{}");
              EventStatements.insertEvent(h, lead, EventType.EMAIL, T0.plusSeconds(2), "{}");
            });
    List<EventRow> all =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(all)
        .extracting(EventRow::type)
        .containsExactly("FOLLOW_UP_CHANGED", "MESSAGE", "EMAIL");
    assertThat(all).allSatisfy(e -> assertThat(e.updatedAt()).isEqualTo(e.occurredAt()));
    EventRow first = all.get(0);
    List<EventRow> after =
        engine
            .jdbi()
            .withExtension(
                EventDao.class, dao -> dao.page(lead, first.updatedAt(), first.id(), null, 10));
    assertThat(after).hasSize(2);
    List<EventRow> typed =
        engine
            .jdbi()
            .withExtension(
                EventDao.class,
                dao ->
                    dao.pageOfTypes(
                        lead, null, 0, T0.plusSeconds(1), List.of("MESSAGE", "EMAIL"), 10));
    assertThat(typed).extracting(EventRow::type).containsExactly("MESSAGE", "EMAIL");
  }

  /**
   * An event written with an earlier time than the lead's latest (another clock, a time taken
   * before the lock) still sorts after it; an amended one moves strictly past every other.
   */
  @ParameterizedTest
  @MethodSource("engines")
  void eventsUpdatedAtGrowsInCommitOrder(Engine engine) {
    String lead = unique();
    engine
        .jdbi()
        .useHandle(
            h -> {
              EventStatements.insertEventOnce(
                  h, lead, EventType.MESSAGE, T0, "{\"n\":1}", "send:k1");
              EventStatements.insertEvent(
                  h, lead, EventType.FOLLOW_UP_CHANGED, T0.plusSeconds(5), "{\"n\":2}");
              EventStatements.insertEvent(
                  h, lead, EventType.CONTEXT_ADDED, T0.plusSeconds(1), "{\"n\":3}");
            });
    List<EventRow> all =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(all)
        .extracting(EventRow::data)
        .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(all.get(2).occurredAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(all.get(2).updatedAt()).isEqualTo(T0.plusSeconds(5));
    boolean amended =
        engine
            .jdbi()
            .withHandle(h -> EventStatements.amendEvent(h, lead, "send:k1", T0.plusSeconds(2)));
    assertThat(amended).isTrue();
    List<EventRow> now =
        engine.jdbi().withExtension(EventDao.class, dao -> dao.page(lead, null, 0, null, 10));
    assertThat(now)
        .extracting(EventRow::data)
        .containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":1}");
    assertThat(now.get(2).updatedAt()).isEqualTo(T0.plusSeconds(5).plusNanos(1000));
    assertThat(now.get(2).occurredAt()).isEqualTo(T0);
  }

  /** DELETE's erasure: the personal fields and the texts go, the row stays as deleted. */
  @ParameterizedTest
  @MethodSource("engines")
  void anErasedLeadKeepsItsRowForTheListOnly(Engine engine) {
    String id = unique();
    String phone = "+1666" + (System.nanoTime() % 10_000_000);
    Jdbi jdbi = engine.jdbi();
    jdbi.useHandle(h -> LeadStatements.insert(h, lead(id, phone, T0)));
    JdbiDeliveryLedger ledger =
        new JdbiDeliveryLedger(jdbi, new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
    ledger.claim(id + ":1", id, 1, Channel.EMAIL);
    ledger.complete(
        id + ":1",
        new RecordedSend(
            id + ":1",
            Channel.EMAIL,
            DeliveryStatus.SENT,
            null,
            "Hi Ada",
            "Hello",
            "m",
            null,
            null));
    jdbi.useHandle(
        h ->
            EventStatements.insertEvent(
                h, id, EventType.CONTEXT_ADDED, T0, "{\"context\":\"Ada's secret\"}"));

    assertThat(erasure(jdbi, id)).isEqualTo(LeadErasure.Erasure.LIVE);
    jdbi.useTransaction(h -> LeadErasure.erase(h, id, T0.plusSeconds(9)));

    assertThat(found(engine, id)).isEmpty();
    assertThat(withContext(engine, id)).isEmpty();
    assertThat(erasure(jdbi, id)).isEqualTo(LeadErasure.Erasure.ERASED);
    assertThat(erasure(jdbi, unique())).isEqualTo(LeadErasure.Erasure.UNKNOWN);
    LeadRow erased =
        jdbi
            .withHandle(
                h ->
                    LeadStatements.page(
                        h, ListOrder.UPDATED, T0.plusSeconds(9), "", T0.minusSeconds(1), 1000))
            .stream()
            .map(ShownLead::lead)
            .filter(row -> row.id().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(erased.deletedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(erased.phone()).isNull();
    assertThat(erased.firstName()).isEmpty();
    assertThat(erased.followUpStatus()).isEqualTo("STOPPED");
    RecordedSend send = ledger.find(id + ":1").orElseThrow().result();
    assertThat(send.content()).isNull();
    assertThat(send.subject()).isNull();
    List<EventRow> events =
        jdbi.withExtension(EventDao.class, dao -> dao.page(id, null, 0, null, 10));
    assertThat(events)
        .extracting(EventRow::data)
        .noneMatch(data -> data.contains("Ada") || data.contains("Hello"));
    // the email's content keeps its shape, both texts erased
    assertThat(events.get(0).type()).isEqualTo("EMAIL");
    assertThat(events.get(0).data())
        .contains("\"content\":{\"text\":null,\"subject\":null}")
        .contains("\"deliveryChannel\":\"EMAIL\"");
    // the phone is free again
    jdbi.useHandle(h -> LeadStatements.insert(h, lead(unique(), phone, T0)));
  }

  private static LeadErasure.Erasure erasure(Jdbi jdbi, String id) {
    return jdbi.inTransaction(h -> LeadErasure.lockForErasure(h, id));
  }

  /** A step's state with {@code revision}, as the workflow reports it. */
  private static FollowUpState projection(String id, int step, long revision) {
    return FollowUpState.unscheduled(id)
        .withSchedule(FollowUpConfig.EMPTY, step, FollowUpStatus.SCHEDULED, T0, Channel.TEXT)
        .withChangeSeq(3)
        .withSendSeq(1)
        .revised(revision - 1);
  }

  /**
   * Every column written is read back, by the statements and by the DAO's queries that share the
   * mapper; the API's update and the workflow's projection write the projection the same way.
   */
  @ParameterizedTest
  @MethodSource("engines")
  void aLeadRowIsWrittenAndReadWholeByEveryStatement(Engine engine) {
    String id = unique();
    String phone = "+1555" + (System.nanoTime() % 10_000_000);
    // email_unsubscribed away from its default: statements that skip or misplace it show
    LeadRow row = LeadRows.emailUnsubscribed(lead(id, phone, T0));
    assertThat(LeadStatements.LEAD_COLUMNS).isEqualTo(LeadRow.class.getRecordComponents().length);
    engine.jdbi().useHandle(h -> LeadStatements.insert(h, row));
    assertThat(found(engine, id)).contains(row);
    assertThat(locked(engine, id)).contains(row);
    Optional<LeadRow> byPhone =
        engine.jdbi().inTransaction(h -> h.attach(LeadDao.class).lockByPhone(phone));
    assertThat(byPhone).contains(row);
    assertThat(found(engine, unique())).isEmpty();
    assertThat(withContext(engine, id))
        .hasValueSatisfying(
            found -> {
              assertThat(found.lead()).isEqualTo(row);
              assertThat(found.context()).isNull();
            });
    engine
        .jdbi()
        .useExtension(
            LeadDao.class, dao -> dao.updateContext(id, "called back", "{}", T0.plusSeconds(1)));
    assertThat(withContext(engine, id))
        .hasValueSatisfying(found -> assertThat(found.context()).isEqualTo("called back"));

    FollowUpState state = projection(id, 2, 5).withNextFollowUpAt(T0.plusSeconds(3600));
    engine
        .jdbi()
        .useHandle(
            h ->
                LeadStatements.update(
                    h,
                    id,
                    new LeadProfile(
                        "new@example.com",
                        "Europe/Paris",
                        "{\"a\":1}",
                        "crm-1",
                        true,
                        true,
                        "warm",
                        null),
                    state,
                    T0.plusSeconds(2)));
    LeadRow changed =
        new LeadRow(
            id,
            row.firstName(),
            row.lastName(),
            row.phone(),
            "new@example.com",
            "Europe/Paris",
            row.customerProfile(),
            "{\"a\":1}",
            row.hasReplied(),
            row.isUnsubscribed(),
            2,
            "SCHEDULED",
            T0.plusSeconds(3600),
            FollowUpStateJson.write(state),
            3,
            1,
            5,
            row.createdAt(),
            T0.plusSeconds(2),
            row.emailUnsubscribed(),
            "crm-1",
            true,
            true,
            "warm",
            null,
            null);
    assertThat(found(engine, id)).contains(changed);
    assertThat(FollowUpStateJson.of(found(engine, id).orElseThrow())).isEqualTo(state);

    // a projection only over an older revision
    assertThat(saveIfNewer(engine, projection(id, 1, 5), T0.plusSeconds(3))).isFalse();
    assertThat(saveIfNewer(engine, projection(id, 3, 6), T0.plusSeconds(3))).isTrue();
    // the list's page and the operators' scan map the same row
    List<ShownLead> listed =
        engine.jdbi().withHandle(h -> LeadStatements.page(h, ListOrder.CREATED, T0, "", T0, 1000));
    assertThat(listed).extracting(ShownLead::lead).contains(found(engine, id).orElseThrow());
    // (due at T0: in the due pass from just before it, not in the pass of leads with nothing due)
    List<LeadRow> scanned =
        engine.jdbi().withExtension(LeadDao.class, dao -> dao.scanDue(T0.minusMillis(1), "", 50));
    assertThat(scanned).contains(found(engine, id).orElseThrow());
    assertThat(
            engine.jdbi().withExtension(LeadDao.class, dao -> dao.scanDue(T0, id, 50)).stream()
                .map(LeadRow::id))
        .doesNotContain(id);
    assertThat(
            engine
                .jdbi()
                .withExtension(
                    LeadDao.class, dao -> dao.scanNotDue(id.substring(0, id.length() - 1), 50))
                .stream()
                .map(LeadRow::id))
        .doesNotContain(id);
    // an event without the lock only inside the caller's transaction
    assertThatThrownBy(
            () ->
                engine
                    .jdbi()
                    .useHandle(
                        h ->
                            EventStatements.insertEventHoldingLock(
                                h, id, EventType.MESSAGE, T0, "{}")))
        .isInstanceOf(IllegalStateException.class);

    LeadRow projected = found(engine, id).orElseThrow();
    assertThat(projected.followUpStep()).isEqualTo(3);
    assertThat(projected.revision()).isEqualTo(6);
    assertThat(projected.nextFollowUpAt()).isEqualTo(T0);
    assertThat(projected.email()).isEqualTo("new@example.com");
  }

  private static java.util.Optional<LeadRow> found(Engine engine, String id) {
    return engine.jdbi().withHandle(h -> LeadStatements.find(h, id));
  }

  private static java.util.Optional<LeadRow> locked(Engine engine, String id) {
    return engine.jdbi().inTransaction(h -> LeadStatements.lock(h, id));
  }

  private static java.util.Optional<ShownLead> withContext(Engine engine, String id) {
    return engine.jdbi().withHandle(h -> LeadStatements.findShown(h, id));
  }

  private static boolean saveIfNewer(Engine engine, FollowUpState state, Instant at) {
    return engine.jdbi().withHandle(h -> LeadStatements.saveProjectionIfNewer(h, state, at));
  }

  /**
   * ParsedTemplates: a SQL Object's statement still carries its name and renders its {@code
   * <types>} list; a template is parsed once however often it runs.
   */
  @ParameterizedTest
  @MethodSource("engines")
  void templatesAreParsedOnceAndStillNamedAndRendered(Engine engine) {
    Jdbi jdbi = ParsedTemplates.install(Jdbi.create(engine.jdbi().open().getConnection()));
    jdbi.installPlugin(new SqlObjectPlugin());
    List<String> rendered = new java.util.concurrent.CopyOnWriteArrayList<>();
    jdbi.setSqlLogger(
        new org.jdbi.v3.core.statement.SqlLogger() {
          @Override
          public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext ctx) {
            rendered.add(ctx.getRenderedSql());
          }
        });
    String id = unique();
    jdbi.useHandle(
        h -> LeadStatements.insert(h, lead(id, "+1444" + (System.nanoTime() % 10_000_000), T0)));
    for (int i = 0; i < 3; i++) {
      jdbi.useTransaction(h -> EventStatements.insertEvent(h, id, EventType.MESSAGE, T0, "{}"));
    }
    List<EventRow> typed =
        jdbi.withExtension(
            EventDao.class,
            dao -> dao.pageOfTypes(id, null, 0, null, List.of("MESSAGE", "CALL"), 10));
    assertThat(typed).hasSize(3);
    assertThat(rendered.get(rendered.size() - 1))
        .startsWith("/* EventDao.pageOfTypes */ SELECT")
        .contains("type IN (:__types_0,:__types_1)");
    assertThat(rendered).filteredOn(sql -> sql.startsWith("INSERT INTO lead_events")).hasSize(3);
    int cached =
        jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class)
            .<org.jdbi.v3.core.cache.internal.DefaultJdbiCacheStats>cacheStats()
            .cacheSize();
    // the lead insert, the event lock and insert, the typed page: parsed once each
    assertThat(cached).isEqualTo(4);
  }
}

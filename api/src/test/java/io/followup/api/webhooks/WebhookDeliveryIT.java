package io.followup.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.webhooks.PendingWebhook;
import io.followup.domain.webhooks.WebhookAttempt;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import io.followup.store.webhooks.JdbiWebhookQueue;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.store.webhooks.WebhookOutboxDao;
import io.followup.store.webhooks.WebhookTarget;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outbox and its dispatcher against a local receiver, on PostgreSQL and H2: what the ledger's
 * sends emit, the signature, retries with the same event id, restarts, two dispatchers at once, and
 * giving up after the retry period.
 */
class WebhookDeliveryIT {
  private static final String PG = TestDatabases.create();
  private static final String SECRET = "whsec-test-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DispatchSettings FAST =
      DispatchSettings.defaults()
          .withPollEvery(Duration.ofMillis(20))
          .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
          .withRetries(Duration.ofMillis(40), Duration.ofMillis(200), Duration.ofHours(1));

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  private final WebhookReceiver receiver = new WebhookReceiver();
  private final List<WebhookDispatcher> dispatchers = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    dispatchers.forEach(WebhookDispatcher::close);
    receiver.close();
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private WebhookOutbox outbox() {
    return WebhookOutbox.toEveryUrl(List.of(URI.create(receiver.url())), JSON, Clock.systemUTC());
  }

  private WebhookDispatcher dispatcher(Jdbi jdbi, DispatchSettings settings) {
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            new JdbiWebhookQueue(jdbi),
            List.of(URI.create(receiver.url())),
            new WebhookSignature(SECRET),
            settings,
            new WebhookMeters(registry),
            Clock.systemUTC());
    dispatchers.add(dispatcher);
    dispatcher.start();
    return dispatcher;
  }

  private static String lead(Jdbi jdbi) {
    String id = UUID.randomUUID().toString();
    String phone = "+1555" + String.format("%07d", Math.abs(id.hashCode()) % 10_000_000);
    LeadRow row = LeadRows.unscheduled(id, phone, Instant.now());
    jdbi.useHandle(h -> LeadStatements.insert(h, row));
    return id;
  }

  /** A completed send through the ledger, which writes its webhook in the same transaction. */
  private void send(
      JdbiDeliveryLedger ledger,
      String leadId,
      int step,
      Channel channel,
      DeliveryStatus status,
      String content,
      String strategyId) {
    String key = leadId + ":" + step + (channel == Channel.VOICEMAIL ? ":voicemail" : "");
    ledger.claim(key, leadId, step, channel);
    ledger.complete(
        key,
        new RecordedSend(
            key,
            channel,
            status,
            strategyId,
            content,
            channel == Channel.EMAIL ? "Subject line" : null,
            "provider-1",
            null,
            null,
            // a call polled to its end: the duration the provider reported
            channel == Channel.CALL ? 37 : null));
  }

  /** A webhook event written directly (one {@code enqueue}), as the inbound handlers will. */
  private static void enqueue(Jdbi jdbi, WebhookOutbox outbox, String leadId, int n) {
    jdbi.useTransaction(
        handle ->
            outbox.enqueue(
                handle,
                WebhookEvents.MESSAGE_RECEIVED,
                leadId,
                WebhookEvents.messageReceived(
                    new WebhookLead(leadId, "+15555550100", null), "reply " + n)));
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static void await(Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not reached within " + limit).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static JsonNode parse(WebhookReceiver.Received r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** This test's rows (its receiver's URL): the databases are shared by the tests. */
  private long outboxRows(Jdbi jdbi) {
    return jdbi.withExtension(WebhookOutboxDao.class, dao -> dao.pending(receiver.url()));
  }

  private double counted(String outcome) {
    return registry.get(WebhookMeters.DELIVERIES).tag("outcome", outcome).counter().count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void pendingRowsAreCountedByUrlDeadOnesAside(Engine engine) {
    Jdbi jdbi = engine.jdbi();
    String elsewhere = "https://elsewhere-" + UUID.randomUUID() + ".example.com/hook?token=t";
    WebhookOutbox other =
        WebhookOutbox.toEveryUrl(List.of(URI.create(elsewhere)), JSON, Clock.systemUTC());
    String leadId = lead(jdbi);
    enqueue(jdbi, outbox(), leadId, 1);
    enqueue(jdbi, other, leadId, 2);
    enqueue(jdbi, other, leadId, 3);
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE webhook_outbox SET status = 'FAILED', dead_at = created_at WHERE id = (SELECT MIN(id) FROM"
                    + " webhook_outbox WHERE url = ?)",
                elsewhere));

    Map<String, Long> pending = new JdbiWebhookQueue(jdbi).pendingByUrl();

    assertThat(pending).containsEntry(receiver.url(), 1L).containsEntry(elsewhere, 1L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void theLedgersSendsArriveSignedWithSpecFields(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC(), outbox());
    String leadId = lead(jdbi);
    send(ledger, leadId, 1, Channel.TEXT, DeliveryStatus.SENT, "Hi Ada", "strategy-7");
    send(ledger, leadId, 2, Channel.CALL, DeliveryStatus.NO_ANSWER, "call script", null);
    send(ledger, leadId, 2, Channel.VOICEMAIL, DeliveryStatus.SENT, "voicemail", null);
    send(ledger, leadId, 3, Channel.EMAIL, DeliveryStatus.SENT, "Body", null);
    // no webhook: a blocked text
    send(ledger, leadId, 4, Channel.TEXT, DeliveryStatus.BLOCKED, "Hi", null);
    dispatcher(jdbi, FAST);

    await(Duration.ofSeconds(10), () -> receiver.accepted().size() == 4);
    List<WebhookReceiver.Received> got = receiver.accepted();
    for (WebhookReceiver.Received r : got) {
      assertThat(r.signature()).isEqualTo(hmac(r.bytes())).matches("[0-9a-f]{64}");
      assertThat(r.contentType()).isEqualTo("application/json");
      JsonNode body = parse(r);
      assertThat(body.fieldNames())
          .toIterable()
          .containsExactly("event", "eventId", "timestamp", "data");
      assertThat(UUID.fromString(body.get("eventId").asText())).isNotNull();
      assertThat(Instant.parse(body.get("timestamp").asText())).isBefore(Instant.now());
      assertThat(body.get("data").get("leadId").asText()).isEqualTo(leadId);
      assertThat(body.get("data").get("phone").asText()).startsWith("+1555");
      // every lead event carries the lead's customerProfile (this lead has none)
      assertThat(body.get("data").has("profile")).isTrue();
      assertThat(body.get("data").get("profile").isNull()).isTrue();
      // the lead has no CRM id: every lead event carries it as null
      assertThat(body.get("data").has("externalLeadId")).isTrue();
      assertThat(body.get("data").get("externalLeadId").isNull()).isTrue();
    }
    // in order for the lead
    JsonNode text = parse(got.get(0));
    assertThat(text.get("event").asText()).isEqualTo("message.sent");
    assertThat(text.get("data").get("channel").asText()).isEqualTo("sms");
    assertThat(text.get("data").get("isFollowUp").asBoolean()).isTrue();
    assertThat(text.get("data").get("followUpStep").asInt()).isEqualTo(1);
    assertThat(text.get("data").get("content").get("text").asText()).isEqualTo("Hi Ada");
    assertThat(text.get("data").get("content").has("subject")).isFalse();
    assertThat(text.get("data").get("strategyId").asText()).isEqualTo("strategy-7");
    assertThat(text.get("data").has("profile")).isTrue();

    JsonNode call = parse(got.get(1));
    assertThat(call.get("event").asText()).isEqualTo("call.completed");
    assertThat(call.get("data").get("outcome").asText()).isEqualTo("NO_ANSWER");
    assertThat(call.get("data").get("followUpStep").asInt()).isEqualTo(2);
    // Apten's fields: the provider's call id, its duration, the engine's own call, no summary
    assertThat(call.get("data").get("callId").asText()).isEqualTo("provider-1");
    assertThat(call.get("data").get("durationSeconds").asInt()).isEqualTo(37);
    assertThat(call.get("data").get("direction").asText()).isEqualTo("OUTBOUND");
    assertThat(call.get("data").get("summary").isNull()).isTrue();
    assertThat(call.get("data").fieldNames())
        .toIterable()
        .containsExactly(
            "leadId",
            "phone",
            "profile",
            "callId",
            "durationSeconds",
            "direction",
            "summary",
            "followUpStep",
            "outcome",
            "externalLeadId");
    assertThat(parse(got.get(2)).get("data").get("outcome").asText()).isEqualTo("VOICEMAIL_LEFT");
    // a voicemail left as its own send: no call duration reported
    assertThat(parse(got.get(2)).get("data").get("durationSeconds").isNull()).isTrue();

    JsonNode email = parse(got.get(3)).get("data");
    assertThat(email.get("channel").asText()).isEqualTo("email");
    assertThat(email.get("content").get("subject").asText()).isEqualTo("Subject line");
    assertThat(email.get("content").get("text").asText()).isEqualTo("Body");
    assertThat(email.has("strategyId")).isFalse();

    await(Duration.ofSeconds(5), () -> outboxRows(jdbi) == 0);
    // the meter counts a delivery just after its row is deleted
    await(Duration.ofSeconds(5), () -> counted("delivered") == 4.0);
  }

  /** Twilio leaves the voicemail on the call itself (machine detection): VOICEMAIL_LEFT on CALL. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aCallThatLeftTheVoicemailItselfIsCallCompletedWithOutcomeVoicemailLeft(Engine engine)
      throws Exception {
    Jdbi jdbi = engine.jdbi();
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, JSON, Clock.systemUTC(), outbox());
    String leadId = lead(jdbi);
    send(ledger, leadId, 2, Channel.CALL, DeliveryStatus.VOICEMAIL_LEFT, "call script", null);
    dispatcher(jdbi, FAST);

    await(Duration.ofSeconds(10), () -> receiver.accepted().size() == 1);
    JsonNode call = parse(receiver.accepted().get(0));
    assertThat(call.get("event").asText()).isEqualTo("call.completed");
    assertThat(call.get("data").get("outcome").asText()).isEqualTo("VOICEMAIL_LEFT");
    assertThat(call.get("data").get("followUpStep").asInt()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aReceiverDownThenUpGetsEveryEventWithItsEventIdInOrderPerLead(Engine engine)
      throws Exception {
    Jdbi jdbi = engine.jdbi();
    WebhookOutbox outbox = outbox();
    String a = lead(jdbi);
    String b = lead(jdbi);
    receiver.answer.set(500);
    dispatcher(jdbi, FAST);
    for (int n = 0; n < 5; n++) {
      enqueue(jdbi, outbox, a, n);
      enqueue(jdbi, outbox, b, n);
    }
    // refused with 500, then no one listening at all
    await(Duration.ofSeconds(10), () -> receiver.received().size() >= 4);
    receiver.stop();
    Thread.sleep(300);
    assertThat(outboxRows(jdbi)).isEqualTo(10);
    receiver.answer.set(200);
    receiver.start();

    await(Duration.ofSeconds(20), () -> outboxRows(jdbi) == 0);
    Map<String, List<String>> textsByLead = new LinkedHashMap<>();
    List<String> acceptedIds = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.accepted()) {
      JsonNode body = parse(r);
      assertThat(r.signature()).isEqualTo(hmac(r.bytes()));
      acceptedIds.add(body.get("eventId").asText());
      textsByLead
          .computeIfAbsent(body.get("data").get("leadId").asText(), k -> new ArrayList<>())
          .add(body.get("data").get("content").get("text").asText());
    }
    assertThat(acceptedIds).doesNotHaveDuplicates().hasSize(10);
    List<String> inOrder = List.of("reply 0", "reply 1", "reply 2", "reply 3", "reply 4");
    assertThat(textsByLead.get(a)).isEqualTo(inOrder);
    assertThat(textsByLead.get(b)).isEqualTo(inOrder);
    // every refused attempt carried the id its event was later delivered with
    for (WebhookReceiver.Received refused : receiver.received()) {
      assertThat(acceptedIds).contains(parse(refused).get("eventId").asText());
    }
    assertThat(counted("failed")).isGreaterThanOrEqualTo(4.0);
    await(Duration.ofSeconds(5), () -> counted("delivered") == 10.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aNewDispatcherDeliversWhatAStoppedOrDeadOneLeftPending(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    WebhookOutbox outbox = outbox();
    String leadId = lead(jdbi);
    receiver.answer.set(503);
    WebhookDispatcher first = dispatcher(jdbi, FAST);
    enqueue(jdbi, outbox, leadId, 0);
    enqueue(jdbi, outbox, leadId, 1);
    await(Duration.ofSeconds(10), () -> !receiver.received().isEmpty());
    first.close();
    // a process that died holding a lease: its rows wait for the lease, then go
    String otherLead = lead(jdbi);
    enqueue(jdbi, outbox, otherLead, 0);
    Instant now = Instant.now();
    assertThat(
            new JdbiWebhookQueue(jdbi)
                .claim(receiver.url(), 10, now, now.plusMillis(500), "dead-process"))
        .isNotEmpty();
    assertThat(outboxRows(jdbi)).isEqualTo(3);

    receiver.answer.set(200);
    dispatcher(jdbi, FAST);
    await(Duration.ofSeconds(10), () -> outboxRows(jdbi) == 0);
    assertThat(receiver.accepted()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void twoDispatchersDeliverEachEventOnce(Engine engine) throws Exception {
    Jdbi jdbi = engine.jdbi();
    WebhookOutbox outbox = outbox();
    List<String> leads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      leads.add(lead(jdbi));
    }
    dispatcher(jdbi, FAST);
    dispatcher(jdbi, FAST);
    for (int n = 0; n < 4; n++) {
      for (String leadId : leads) {
        enqueue(jdbi, outbox, leadId, n);
      }
    }
    await(Duration.ofSeconds(20), () -> outboxRows(jdbi) == 0);
    Thread.sleep(200);
    assertThat(receiver.received().stream().map(r -> parse(r).get("eventId").asText()))
        .hasSize(40)
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void anEventStillFailingAfterTheRetryPeriodIsDeadAndCountedFailed(Engine engine)
      throws Exception {
    Jdbi jdbi = engine.jdbi();
    receiver.answer.set(500);
    dispatcher(
        jdbi,
        FAST.withRetries(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(2)));
    enqueue(jdbi, outbox(), lead(jdbi), 0);
    await(
        Duration.ofSeconds(10),
        () -> jdbi.withExtension(WebhookOutboxDao.class, dao -> dao.dead(receiver.url())) == 1);
    int attempts = receiver.received().size();
    assertThat(attempts).isGreaterThan(1);
    assertThat(outboxRows(jdbi)).isZero();
    Thread.sleep(200);
    // dead: never tried again
    assertThat(receiver.received()).hasSize(attempts);
    assertThat(counted("failed")).isEqualTo(attempts);
    assertThat(counted("delivered")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void theRetentionSweepDeletesOldDeliveredAndFailedRowsWithTheirAttemptsNeverPendingOnes(
      Engine engine) {
    Jdbi jdbi = engine.jdbi();
    String leadId = lead(jdbi);
    enqueue(jdbi, outbox(), leadId, 0);
    enqueue(jdbi, outbox(), leadId, 1);
    enqueue(jdbi, outbox(), leadId, 2);
    enqueue(jdbi, outbox(), leadId, 3);
    List<Long> ids =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM webhook_outbox WHERE lead_id = :lead ORDER BY id")
                    .bind("lead", leadId)
                    .mapTo(Long.class)
                    .list());
    JdbiWebhookQueue queue = new JdbiWebhookQueue(jdbi);
    Instant old = Instant.now().minus(Duration.ofDays(31));
    // 0: delivered 31 days ago, 1: failed 31 days ago, 2: pending 31 days ago, 3: delivered now
    Instant now = Instant.now();
    // a lead's rows are leased one at a time, oldest first
    assertThat(queue.claim(receiver.url(), 10, now, now.plusSeconds(60), "o"))
        .extracting(PendingWebhook::id)
        .containsExactly(ids.get(0));
    queue.delivered(ids.get(0), "o", new WebhookAttempt(old, 200, 12, null));
    assertThat(queue.claim(receiver.url(), 10, now, now.plusSeconds(60), "o"))
        .extracting(PendingWebhook::id)
        .containsExactly(ids.get(1));
    queue.dead(ids.get(1), "o", new WebhookAttempt(old, null, 10_000, "HttpTimeoutException"));
    jdbi.useHandle(
        h -> {
          h.execute("UPDATE webhook_outbox SET lease_owner = NULL, lease_until = NULL");
          h.createUpdate("UPDATE webhook_outbox SET created_at = :old WHERE id IN (:a, :b, :c)")
              .bind("old", old)
              .bind("a", ids.get(0))
              .bind("b", ids.get(1))
              .bind("c", ids.get(2))
              .execute();
          h.createUpdate("UPDATE webhook_outbox SET status = 'DELIVERED' WHERE id = :d")
              .bind("d", ids.get(3))
              .execute();
        });
    long attemptsBefore = attemptRows(jdbi);

    long deleted = new DeliveryLogSweep(queue, Duration.ofDays(30), Clock.systemUTC()).sweep();

    assertThat(deleted).isEqualTo(2);
    List<Long> left =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM webhook_outbox WHERE lead_id = :lead ORDER BY id")
                    .bind("lead", leadId)
                    .mapTo(Long.class)
                    .list());
    assertThat(left).containsExactly(ids.get(2), ids.get(3));
    assertThat(attemptRows(jdbi)).isEqualTo(attemptsBefore - 2);
  }

  private static long attemptRows(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.select("SELECT COUNT(*) FROM webhook_attempts").mapTo(Long.class).one());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aUrlGetsOnlyTheEventsItSubscribedToAndThePingGoesToEveryUrl(Engine engine) {
    Jdbi jdbi = engine.jdbi();
    String leadId = lead(jdbi);
    String only = "https://only-" + UUID.randomUUID() + ".example.com/h";
    String every = "https://every-" + UUID.randomUUID() + ".example.com/h";
    WebhookOutbox outbox =
        new WebhookOutbox(
            List.of(
                new WebhookTarget(URI.create(only), java.util.Set.of(WebhookEvents.OPT_OUT)),
                WebhookTarget.everyEvent(URI.create(every))),
            JSON,
            Clock.systemUTC());
    ObjectNode data =
        WebhookEvents.leadTagged(new WebhookLead(leadId, "+15555550100", null), "sms", "x");
    jdbi.useTransaction(h -> outbox.enqueue(h, WebhookEvents.LEAD_TAGGED, leadId, data));
    List<Long> pings = jdbi.inTransaction(outbox::ping);

    assertThat(pings).hasSize(2);
    long toOnly = jdbi.withExtension(WebhookOutboxDao.class, dao -> dao.pending(only));
    long toEvery = jdbi.withExtension(WebhookOutboxDao.class, dao -> dao.pending(every));
    assertThat(toOnly).isEqualTo(1);
    assertThat(toEvery).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void noUrlNoRow(Engine engine) {
    Jdbi jdbi = engine.jdbi();
    long before = allRows(jdbi);
    ObjectNode data =
        WebhookEvents.leadTagged(
            new WebhookLead("lead", "+15555550100", null), "sms", "hasReplied");
    String eventId =
        jdbi.inTransaction(handle -> WebhookOutbox.none().enqueue(handle, "leadTagged", "l", data));
    assertThat(eventId).isNull();
    assertThat(allRows(jdbi)).isEqualTo(before);
  }

  private static long allRows(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.select("SELECT COUNT(*) FROM webhook_outbox").mapTo(Long.class).one());
  }
}

package io.followup.store.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.strategy.Strategy;
import io.followup.domain.strategy.StrategyCatalog.Pick;
import io.followup.domain.strategy.StrategyTally;
import io.followup.store.JdbiDeliveryLedger;
import io.followup.store.LeadStatements;
import io.followup.store.support.Engine;
import io.followup.store.support.LeadRows;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue, the kept picks and the results, on PostgreSQL and H2. */
class StrategyStoreIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static void insert(Jdbi jdbi, String id, Channel channel, boolean active) {
    jdbi.useExtension(
        StrategyDao.class,
        dao ->
            dao.insert(
                new StrategyRow(
                    id,
                    "Name " + id,
                    channel.wireName(),
                    "Hi {{firstName}}",
                    null,
                    active,
                    T0,
                    T0)));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void activeStrategiesOfAChannelAndAnyByIdAreFound(Engine engine) {
    String on = "on-" + unique();
    String off = "off-" + unique();
    String call = "call-" + unique();
    insert(engine.jdbi(), on, Channel.TEXT, true);
    insert(engine.jdbi(), off, Channel.TEXT, false);
    insert(engine.jdbi(), call, Channel.CALL, true);
    JdbiStrategyCatalog catalog = new JdbiStrategyCatalog(engine.jdbi(), CLOCK);

    assertThat(catalog.active(Channel.TEXT))
        .extracting(Strategy::id)
        .contains(on)
        .doesNotContain(off, call);
    assertThat(catalog.find(List.of(off, call, "nope")))
        .extracting(Strategy::id, Strategy::active, Strategy::channel)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(off, false, Channel.TEXT),
            org.assertj.core.groups.Tuple.tuple(call, true, Channel.CALL));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void theFirstKeptPickOfASendStandsAndADefaultPickIsKeptToo(Engine engine) {
    JdbiStrategyCatalog catalog = new JdbiStrategyCatalog(engine.jdbi(), CLOCK);
    String key = unique() + ":1";
    String other = unique() + ":1";

    assertThat(catalog.keptPick(key)).isEmpty();
    assertThat(catalog.keepPick(key, new Pick("s-1"))).isEqualTo(new Pick("s-1"));
    assertThat(catalog.keepPick(key, new Pick("s-2"))).isEqualTo(new Pick("s-1"));
    assertThat(catalog.keptPick(key)).contains(new Pick("s-1"));

    catalog.keepPick(other, Pick.NONE);
    assertThat(catalog.keptPick(other)).contains(Pick.NONE);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void sendsCountFromTheLedgerAndRepliesOncePerCreditedSendOverallAndPerStep(Engine engine) {
    Jdbi jdbi = engine.jdbi();
    String strategy = "s-" + unique();
    insert(jdbi, strategy, Channel.TEXT, true);
    String lead = UUID.randomUUID().toString();
    jdbi.useHandle(
        h ->
            LeadStatements.insert(
                h, LeadRows.unscheduled(lead, "+1555" + System.nanoTime() % 10_000_000, T0)));
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, new ObjectMapper(), CLOCK);
    send(ledger, lead, 1, DeliveryStatus.SENT, strategy);
    send(ledger, lead, 2, DeliveryStatus.SENT, strategy);
    send(ledger, lead, 3, DeliveryStatus.SENT, strategy);
    send(ledger, lead, 4, DeliveryStatus.FAILED, strategy);
    send(ledger, lead, 5, DeliveryStatus.SENT, null);

    // the inbound path credits the send of step 2 twice (two replies), step 3 once
    List<String> sendEvents =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT CAST(id AS VARCHAR) FROM lead_events WHERE lead_id = :lead ORDER BY id")
                    .bind("lead", lead)
                    .mapTo(String.class)
                    .list());
    jdbi.useTransaction(
        h -> {
          assertThat(StrategyStats.creditReply(h, sendEvents.get(1), strategy, T0)).isTrue();
          assertThat(StrategyStats.creditReply(h, sendEvents.get(1), strategy, T0)).isFalse();
          assertThat(StrategyStats.creditReply(h, sendEvents.get(2), strategy, T0)).isTrue();
          assertThat(StrategyStats.creditReply(h, sendEvents.get(4), null, T0)).isFalse();
        });

    StrategyResults results =
        jdbi.withHandle(h -> StrategyStats.results(h, List.of(strategy))).get(strategy);
    assertThat(results.sends()).as("failed sends are not counted").isEqualTo(3);
    assertThat(results.replies()).isEqualTo(2);
    assertThat(results.replyRate()).isEqualTo(2 / 3.0);
    assertThat(results.steps())
        .containsEntry(1, new StrategyResults(1, 0, Map.of()))
        .containsEntry(2, new StrategyResults(1, 1, Map.of()))
        .containsEntry(3, new StrategyResults(1, 1, Map.of()));
    assertThat(new JdbiStrategyCatalog(jdbi, CLOCK).tallies(List.of(strategy, "unused")))
        .containsEntry(strategy, new StrategyTally(strategy, 3, 2));
    assertThat(jdbi.withHandle(StrategyStats::all)).containsKey(strategy);
  }

  /**
   * The sends a reply may be credited to (the inbound path reads the send events with {@link
   * StrategyStats#countsAsSend}) are exactly the sends the results count (the ledger rows {@link
   * StrategyDao#SENT} selects), for every channel and status: a credited reply always has its send
   * counted, and no counted send is one a reply cannot credit.
   */
  @ParameterizedTest
  @MethodSource("engines")
  void theSendsARepliesCanCreditAreTheSendsTheResultsCount(Engine engine) {
    Jdbi jdbi = engine.jdbi();
    String lead = UUID.randomUUID().toString();
    jdbi.useHandle(
        h ->
            LeadStatements.insert(
                h, LeadRows.unscheduled(lead, "+1555" + System.nanoTime() % 10_000_000, T0)));
    JdbiDeliveryLedger ledger = new JdbiDeliveryLedger(jdbi, new ObjectMapper(), CLOCK);
    ObjectMapper json = new ObjectMapper();
    int step = 0;
    int checked = 0;
    for (Channel channel : Channel.values()) {
      for (DeliveryStatus status : DeliveryStatus.values()) {
        String strategy = "a-" + unique();
        insert(jdbi, strategy, channel == Channel.VOICEMAIL ? Channel.CALL : channel, true);
        String key = lead + ":" + ++step;
        ledger.claim(key, lead, step, channel);
        ledger.complete(
            key, new RecordedSend(key, channel, status, strategy, "Hi", null, "p", null, null));
        long counted =
            jdbi.withHandle(h -> StrategyStats.results(h, List.of(strategy))).get(strategy).sends();
        List<String> events =
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT data FROM lead_events WHERE lead_id = :lead")
                        .bind("lead", lead)
                        .mapTo(String.class)
                        .list());
        for (String data : events) {
          var event = readTree(json, data);
          if (!key.equals(event.path("idempotencyKey").asText())) {
            continue;
          }
          assertThat(
                  StrategyStats.countsAsSend(
                      event.path("channel").asText(null), event.path("status").asText(null)))
              .as("%s %s", channel, status)
              .isEqualTo(counted == 1);
          checked++;
        }
      }
    }
    assertThat(checked).as("send events checked").isGreaterThan(Channel.values().length);
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(ObjectMapper json, String data) {
    try {
      return json.readTree(data);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void send(
      JdbiDeliveryLedger ledger, String lead, int step, DeliveryStatus status, String strategy) {
    String key = lead + ":" + step;
    ledger.claim(key, lead, step, Channel.TEXT);
    ledger.complete(
        key, new RecordedSend(key, Channel.TEXT, status, strategy, "Hi", null, "p", null, null));
  }
}

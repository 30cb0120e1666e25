package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a send counts: outcome once per key, compliance blocks by reason, the due lag. */
class SendMetricsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SendMeters meters = new SendMeters(registry);
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();

  private Sender sender(ScriptedProvider provider) {
    return new Sender(
        ledger, leads, new MessageRenderer(), provider, meters, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static SendRequest due(String key, Channel channel, Instant dueAt) {
    return SendRequest.step("L", 1, channel, key, null, dueAt, false, null);
  }

  private double sends(String channel, String outcome) {
    Counter counter =
        registry.find(SendMeters.SENDS).tag("channel", channel).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double blocks(String reason) {
    return registry.get(SendMeters.COMPLIANCE_BLOCKS).tag("reason", reason).counter().count();
  }

  @Test
  void aSendCountsItsOutcomeOnceAndARetryAnsweredFromTheLedgerAddsNothing() {
    leads.put(lead("L"));
    Sender sender = sender(new ScriptedProvider(Mode.ACCEPT));

    sender.send(due("L:1", Channel.TEXT, NOW.minusSeconds(3)), Channel.TEXT);
    sender.send(due("L:1", Channel.TEXT, NOW.minusSeconds(3)), Channel.TEXT);

    assertThat(sends("text", "SENT")).isEqualTo(1);
  }

  @Test
  void theDueLagRunsFromTheDueInstantToTheHandOver() {
    leads.put(lead("L"));
    Sender sender = sender(new ScriptedProvider(Mode.ACCEPT));

    sender.send(due("L:1", Channel.TEXT, NOW.minusSeconds(90)), Channel.TEXT);
    sender.send(due("L:2", Channel.TEXT, NOW.minusMillis(200)), Channel.TEXT);
    // a voicemail after a call carries no due instant: no observation
    sender.send(due("L:3", Channel.TEXT, null), Channel.TEXT);

    Timer lag = registry.get(SendMeters.DUE_LAG).tag("channel", "text").timer();
    assertThat(lag.count()).isEqualTo(2);
    assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(90_200);
    assertThat(lag.takeSnapshot().histogramCounts())
        .as("Prometheus buckets: 0.25 s holds one, 1 s still one, 2 min both")
        .extracting(CountAtBucket::bucket, CountAtBucket::count)
        .contains(
            org.assertj.core.groups.Tuple.tuple(250_000_000.0, 1.0),
            org.assertj.core.groups.Tuple.tuple(1_000_000_000.0, 1.0),
            org.assertj.core.groups.Tuple.tuple(300_000_000_000.0, 2.0));
  }

  @Test
  void anAttemptTheProviderCouldNotTakeIsNotObservedAndCountsNoOutcome() {
    leads.put(lead("L"));
    Sender sender = sender(new ScriptedProvider(Mode.DOWN));

    assertThatThrownBy(() -> sender.send(due("L:1", Channel.TEXT, NOW), Channel.TEXT))
        .isInstanceOf(ProviderException.class);

    assertThat(registry.find(SendMeters.DUE_LAG).timer()).isNull();
    assertThat(registry.find(SendMeters.SENDS).counters()).isEmpty();
  }

  @Test
  void aRejectedSendCountsFailedAndItsLag() {
    leads.put(lead("L"));

    sender(new ScriptedProvider(Mode.REJECT))
        .send(due("L:1", Channel.CALL, NOW.minusSeconds(1)), Channel.CALL);

    assertThat(sends("call", "FAILED")).isEqualTo(1);
    assertThat(registry.get(SendMeters.DUE_LAG).tag("channel", "call").timer().count())
        .isEqualTo(1);
  }

  @Test
  void anOptedOutLeadCountsABlockedSendAndAnOptedOutComplianceBlock() {
    leads.put(lead("L").withUnsubscribed(true));

    sender(new ScriptedProvider(Mode.ACCEPT)).send(due("L:1", Channel.TEXT, NOW), Channel.TEXT);

    assertThat(sends("text", "BLOCKED")).isEqualTo(1);
    assertThat(blocks(SendMeters.OPTED_OUT)).isEqualTo(1);
    assertThat(blocks(SendDeferral.DAILY_CAP)).isZero();
    assertThat(registry.find(SendMeters.DUE_LAG).timer()).as("nothing handed over").isNull();
  }

  @Test
  void aDailyCapDeferralAndAGivenUpSendAreCountedByTheRecordActivities() {
    DeliveryRecordActivitiesImpl records = new DeliveryRecordActivitiesImpl(ledger, meters);

    records.recordDeferral(
        new SendDeferral(
            "L", "L:3", 3, Channel.TEXT, SendDeferral.DAILY_CAP, NOW.plusSeconds(60), 2, 2, null));
    records.recordFailure(due("L:4", Channel.EMAIL, NOW), "gave up after its retries");
    records.recordFailure(due("L:4", Channel.EMAIL, NOW), "gave up after its retries");

    assertThat(blocks(SendDeferral.DAILY_CAP)).isEqualTo(1);
    assertThat(sends("email", "FAILED")).isEqualTo(1);
  }

  @Test
  void theNamesWithoutEventsExistAtZero() {
    assertThat(blocks(SendDeferral.DAILY_CAP)).isZero();
    assertThat(blocks(SendMeters.OPTED_OUT)).isZero();
  }
}

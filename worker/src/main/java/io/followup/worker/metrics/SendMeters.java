package io.followup.worker.metrics;

import io.followup.domain.ledger.BlockReason;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * What the channel fleets count, in Prometheus terms:
 *
 * <ul>
 *   <li>{@code followup_sends_total{channel, outcome}}: each send's outcome as the ledger recorded
 *       it first (SENT, ANSWERED, NO_ANSWER, BLOCKED, FAILED, UNCONFIRMED, ...), once per
 *       idempotency key: a retry answered from the ledger adds nothing;
 *   <li>{@code followup_compliance_blocks_total{reason}}: a send over the daily cap deferred
 *       ({@code DAILY_CAP}), a text or call not made because the lead opted out ({@code OPTED_OUT})
 *       or its number is on the Do-Not-Contact list ({@code DNC}), an email not sent to a lead that
 *       unsubscribed ({@code EMAIL_UNSUBSCRIBED});
 *   <li>{@code followup_due_lag_seconds{channel}} (histogram): from the instant a step came due, as
 *       the sending window left it, to the provider hand-over. The engine's own service level.
 * </ul>
 *
 * No label carries a lead id, a key or anything personal: each series is bounded by the channels,
 * statuses and reasons.
 */
public final class SendMeters {
  public static final String SENDS = "followup.sends";
  public static final String COMPLIANCE_BLOCKS = "followup.compliance.blocks";
  public static final String DUE_LAG = "followup.due.lag";
  public static final String OPTED_OUT = BlockReason.OPTED_OUT;

  /** The block counter's label of every send the compliance middleware stopped. */
  public static final String COMPLIANCE_CHECK = "COMPLIANCE_CHECK";

  /** The histogram's buckets: a healthy fleet is in the first ones, a stalled one far out. */
  private static final Duration[] DUE_LAG_BUCKETS = {
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1),
    Duration.ofHours(6)
  };

  private final MeterRegistry registry;

  public SendMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    // the block reasons exist from the start, at zero: a dashboard's rate() needs the series
    for (String reason : new String[] {SendDeferral.DAILY_CAP, OPTED_OUT, BlockReason.DNC}) {
      blocks(reason);
    }
  }

  /**
   * A send's outcome, recorded for the first time.
   *
   * @param blockReason a BLOCKED send's {@link BlockReason}; null otherwise (and for a BLOCKED one
   *     recorded without a reason: {@code OPTED_OUT})
   */
  public void sent(Channel channel, DeliveryStatus outcome, String blockReason) {
    Counter.builder(SENDS)
        .description("Sends by channel and recorded outcome")
        .tag("channel", channel.wireName())
        .tag("outcome", outcome.name())
        .register(registry)
        .increment();
    if (outcome == DeliveryStatus.BLOCKED) {
      blocks(
              blockReason == null
                  ? OPTED_OUT
                  : BlockReason.fromComplianceCheck(blockReason) ? COMPLIANCE_CHECK : blockReason)
          .increment();
    }
  }

  /** A send deferred by the daily cap. */
  public void deferred(String reason) {
    blocks(reason).increment();
  }

  /** The lag of one hand-over; a negative one (clocks apart) counts as zero. */
  public void dueLag(Channel channel, Duration lag) {
    Timer.builder(DUE_LAG)
        .description(
            "From a step's due instant (after the sending window) to the provider hand-over")
        .tag("channel", channel.wireName())
        .serviceLevelObjectives(DUE_LAG_BUCKETS)
        .register(registry)
        .record(lag.isNegative() ? Duration.ZERO : lag);
  }

  private Counter blocks(String reason) {
    return Counter.builder(COMPLIANCE_BLOCKS)
        .description("Sends held back by a compliance rule, by reason")
        .tag("reason", reason)
        .register(registry);
  }
}

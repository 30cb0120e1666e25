package io.followup.worker.activities;

import io.followup.domain.ledger.Claim;
import io.followup.domain.ledger.DeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.metrics.SendMeters;
import io.followup.workflows.activities.DeliveryRecordActivities;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a send the workflow gave up on as FAILED, so it shows among the lead's events (a send
 * that completed meanwhile keeps its result); and a send the workflow deferred, as a
 * COMPLIANCE_BLOCKED event.
 */
public final class DeliveryRecordActivitiesImpl implements DeliveryRecordActivities {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRecordActivitiesImpl.class);

  private final DeliveryLedger ledger;
  private final SendMeters meters;

  public DeliveryRecordActivitiesImpl(DeliveryLedger ledger) {
    this(ledger, new SendMeters(new CompositeMeterRegistry()));
  }

  public DeliveryRecordActivitiesImpl(DeliveryLedger ledger, SendMeters meters) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public SendResult recordFailure(SendRequest request, String reason) {
    String key = request.idempotencyKey();
    Claim claim = ledger.claim(key, request.leadId(), request.followUpStep(), request.channel());
    if (claim.completed()) {
      return claim.result().toResult();
    }
    // a key an attempt claimed and never settled may be with the provider (its answer was lost,
    // or the provider could not be asked): that is not a failure to send, and it stays unsent
    RecordedSend failed =
        claim.resumed()
            ? SendResults.of(
                key,
                request.channel(),
                DeliveryStatus.UNCONFIRMED,
                null,
                null,
                "the provider may have it; not resent: " + reason)
            : SendResults.failed(key, request.channel(), reason);
    RecordedSend recorded = ledger.complete(key, failed);
    if (recorded.equals(failed)) {
      meters.sent(request.channel(), recorded.status(), recorded.reason());
    }
    return recorded.toResult();
  }

  @Override
  public void recordDeferral(SendDeferral deferral) {
    ledger.recordDeferral(deferral);
    // a retried recording (its first attempt's answer lost) counts twice: rare, and on the safe
    // side
    meters.deferred(deferral.reason());
    log.info(
        "send {} ({}) deferred to {}: {}",
        deferral.idempotencyKey(),
        deferral.channel().wireName(),
        deferral.deferredUntil(),
        deferral.reason());
  }
}

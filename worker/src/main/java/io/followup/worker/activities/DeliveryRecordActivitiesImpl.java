package io.followup.worker.activities;

import io.followup.worker.ledger.Claim;
import io.followup.worker.ledger.DeliveryLedger;
import io.followup.workflows.activities.DeliveryRecordActivities;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import java.util.Objects;

/**
 * Records a send the workflow gave up on as FAILED, so it shows among the lead's events. A send
 * that completed meanwhile keeps its result.
 */
public final class DeliveryRecordActivitiesImpl implements DeliveryRecordActivities {
  private final DeliveryLedger ledger;

  public DeliveryRecordActivitiesImpl(DeliveryLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public SendResult recordFailure(SendRequest request, String reason) {
    String key = request.idempotencyKey();
    Claim claim = ledger.claim(key, request.leadId(), request.followUpStep(), request.channel());
    SendResult recorded =
        claim.completed()
            ? claim.result()
            : ledger.complete(key, SendResults.failed(key, request.channel(), reason));
    return SendResults.forHistory(recorded);
  }
}

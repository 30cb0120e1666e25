package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;

/** What the ledger recorded for one send (the same on every retry of the same key). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendResult(
    String idempotencyKey,
    Channel channel,
    DeliveryStatus status,
    String strategyId,
    String content,
    String providerId,
    String detail) {}

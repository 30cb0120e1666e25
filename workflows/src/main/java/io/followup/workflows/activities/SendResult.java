package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;

/**
 * What a send's activity returns to the workflow: its outcome, never its rendered content. The
 * content holds the lead's name and details; it stays in the worker's delivery ledger and the
 * lead's events, so by type no personal data reaches a workflow history. Results recorded by older
 * versions carried a {@code content} field: it is ignored when they are read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendResult(
    String idempotencyKey,
    Channel channel,
    DeliveryStatus status,
    String strategyId,
    String providerId,
    String detail) {}

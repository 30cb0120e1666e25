package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;
import java.time.Instant;
import java.util.List;

/**
 * One send of a follow-up. The lead's contact details are looked up by the activity, so no personal
 * data enters the workflow history.
 *
 * @param followUpStep the step being run (-2 for a long-term nurture touch)
 * @param idempotencyKey stable across retries and continue-as-new; the ledger and the provider key
 *     on it
 * @param strategyIds strategies to pick the message from; null for the channel's default template
 * @param optedOut the workflow's view of the opt-out; the activity also checks the lead's own flag
 * @param dueAt the instant the step came due, after the sending window moved it (the instant the
 *     workflow decided to send); the worker measures the due lag from it. Null for a voicemail
 *     after a call (not a step coming due) and in requests recorded before the field existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendRequest(
    String leadId,
    int followUpStep,
    Channel channel,
    String idempotencyKey,
    List<String> strategyIds,
    boolean optedOut,
    Instant dueAt) {

  @JsonCreator
  public SendRequest {}

  /** A request without a due instant (no due lag is measured for it). */
  public SendRequest(
      String leadId,
      int followUpStep,
      Channel channel,
      String idempotencyKey,
      List<String> strategyIds,
      boolean optedOut) {
    this(leadId, followUpStep, channel, idempotencyKey, strategyIds, optedOut, null);
  }
}

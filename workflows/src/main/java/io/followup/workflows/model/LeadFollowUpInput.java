package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A run's input: the state to resume from (the stored projection on a fresh start, the whole state
 * on continue-as-new) and the options.
 *
 * @param recentSends when the lead's latest follow-up sends started, oldest first: what the daily
 *     cap counts. Carried across continue-as-new; bounded by the workflow (only sends of the last
 *     24 hours, at most the cap); absent in older payloads and on a fresh start
 * @param recentCallsAndTexts when the lead's latest calls and texts started (a call and its
 *     voicemail once), oldest first: what a regional cap counts. Carried the same way, only those
 *     of the last 24 hours
 * @param sendDeferred the armed send came due and waits for the sending rules (window, caps): new
 *     settings evaluate it again; false in older payloads and on a fresh start
 * @param pendingMessages one-off messages accepted and not sent yet ({@code sendMessage}), in the
 *     order they were accepted: carried across continue-as-new, and read from the database when a
 *     workflow is re-created; empty in older payloads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeadFollowUpInput(
    String leadId,
    FollowUpState state,
    FollowUpOptions options,
    List<Instant> recentSends,
    List<Instant> recentCallsAndTexts,
    boolean sendDeferred,
    List<OneOffMessage> pendingMessages) {

  public LeadFollowUpInput {
    pendingMessages = pendingMessages == null ? List.of() : List.copyOf(pendingMessages);
    state = state == null ? FollowUpState.unscheduled(leadId) : state;
    options = options == null ? FollowUpOptions.DEFAULTS : options;
    recentSends = sorted(recentSends);
    recentCallsAndTexts = sorted(recentCallsAndTexts);
  }

  public LeadFollowUpInput(String leadId, FollowUpState state, FollowUpOptions options) {
    this(leadId, state, options, null, null, false, null);
  }

  public LeadFollowUpInput(
      String leadId,
      FollowUpState state,
      FollowUpOptions options,
      List<Instant> recentSends,
      List<Instant> recentCallsAndTexts,
      boolean sendDeferred) {
    this(leadId, state, options, recentSends, recentCallsAndTexts, sendDeferred, null);
  }

  /** This input with the one-off messages still to send (a re-created workflow's). */
  public LeadFollowUpInput withPendingMessages(List<OneOffMessage> messages) {
    return new LeadFollowUpInput(
        leadId, state, options, recentSends, recentCallsAndTexts, sendDeferred, messages);
  }

  private static List<Instant> sorted(List<Instant> instants) {
    return instants == null
        ? List.of()
        : instants.stream().filter(java.util.Objects::nonNull).sorted().toList();
  }
}

package io.followup.api.core.view;

import java.util.List;

/**
 * {@code GET /v1/leads/{leadId}/schedule}: the lead's upcoming follow-ups, in order.
 *
 * @param zones the zones the lead may be in (its own, else its phone's, else the organisation's): a
 *     text or call goes only when the window is open in all of them
 * @param state the lead's US state as given; null when not given
 * @param regions the regions whose own rules bind the lead's calls and texts ({@code US-TX}): its
 *     state's, else its phone's area code's; empty when none
 * @param recentSends the lead's sends of the last 24 hours the caps start from
 * @param afterLastStep LONG_TERM (nurture touches every {@code nurtureIntervalHours}) or STOPPED;
 *     null when nothing is scheduled
 * @param truncated more sends follow than {@code limit} listed
 * @param resumeAt a PAUSED lead's resume (its items start after it); absent otherwise
 */
public record ScheduleView(
    String leadId,
    String followUpStatus,
    List<String> zones,
    String state,
    List<String> regions,
    int recentSends,
    List<Item> items,
    String afterLastStep,
    Number nurtureIntervalHours,
    boolean truncated,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String resumeAt) {

  /**
   * One upcoming send. Instants are ISO-8601: {@code sendAt} in UTC, {@code sendAtLocal} with the
   * offset of {@code timezone}.
   */
  public record Item(
      int followUpStep,
      String channel,
      String dueAt,
      String sendAt,
      String sendAtLocal,
      String timezone,
      String movedBy) {}
}

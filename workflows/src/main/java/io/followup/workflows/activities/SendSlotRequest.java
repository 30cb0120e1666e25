package io.followup.workflows.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import java.time.Instant;
import java.util.List;

/**
 * What the send rules need from the workflow; the lead's phone is looked up by the activity, so it
 * never enters the history.
 *
 * @param timezone the lead's own zone; null when it has none
 * @param defaultTimezone the organisation's zone, when neither the lead nor its phone gives one
 * @param window the channel's window (null: any hour)
 * @param notBefore the earliest instant the workflow allows (the due instant, or later for the
 *     daily cap)
 * @param recentCallsAndTexts when the lead's calls and texts of the last 24 hours started, oldest
 *     first (a call and its voicemail once): what a regional cap counts
 * @param sendKey the idempotency key the send will use: its sender's slot is kept under it (null
 *     from a workflow older than sender pacing, and from the schedule preview)
 * @param overridesRules a one-off message with {@code overrideBusinessHours}: no window, day,
 *     holiday or regional rule binds it, only the send switch and its sender's pace (null: false)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendSlotRequest(
    String leadId,
    Channel channel,
    String timezone,
    String defaultTimezone,
    SendingWindow window,
    Instant notBefore,
    List<Instant> recentCallsAndTexts,
    String sendKey,
    Boolean overridesRules) {

  public SendSlotRequest {
    recentCallsAndTexts =
        recentCallsAndTexts == null ? List.of() : List.copyOf(recentCallsAndTexts);
  }

  public boolean overrides() {
    return Boolean.TRUE.equals(overridesRules);
  }
}

package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A text sent outside the follow-up schedule ({@code POST /v1/leads/{id}/sendMessage}), as the
 * lead's workflow keeps it until it is sent. The text itself stays in the database ({@code
 * lead_messages}), found by {@code messageId}: no message body enters a workflow history.
 *
 * @param messageId the stored message's id; its send's idempotency key is {@link
 *     io.followup.workflows.WorkflowIds#messageKey}
 * @param sendAt when it is due (the request's {@code scheduledTime}, or the request's instant); a
 *     sending window that is closed then moves it, unless {@code overrideBusinessHours}
 * @param overrideBusinessHours goes at {@code sendAt} whatever the sending window and caps say
 * @param sendWhenOff goes even when the lead's follow-ups are STOPPED or REPLIED
 * @param scheduleFollowUps once sent, the follow-up schedule restarts at its first step
 * @param requestId the HTTP request that sent it, for the logs
 * @param quietResumeMillis {@code REPLY_RESUME_HOURS} when the message was accepted (null: off):
 *     sent to a REPLIED lead waiting to resume if quiet, the message is our side writing, so the
 *     quiet time starts again from its send
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OneOffMessage(
    String messageId,
    Instant sendAt,
    boolean overrideBusinessHours,
    boolean sendWhenOff,
    boolean scheduleFollowUps,
    String requestId,
    Long quietResumeMillis) {

  public OneOffMessage withSendAt(Instant at) {
    return new OneOffMessage(
        messageId,
        at,
        overrideBusinessHours,
        sendWhenOff,
        scheduleFollowUps,
        requestId,
        quietResumeMillis);
  }

  public OneOffMessage withRequestId(String id) {
    return new OneOffMessage(
        messageId,
        sendAt,
        overrideBusinessHours,
        sendWhenOff,
        scheduleFollowUps,
        id,
        quietResumeMillis);
  }

  public OneOffMessage withQuietResumeMillis(Long millis) {
    return new OneOffMessage(
        messageId,
        sendAt,
        overrideBusinessHours,
        sendWhenOff,
        scheduleFollowUps,
        requestId,
        millis);
  }

  /** The first 8 characters of the id: enough to tell pending messages apart in the Temporal UI. */
  public String shortId() {
    return messageId == null || messageId.length() <= 8 ? messageId : messageId.substring(0, 8);
  }
}

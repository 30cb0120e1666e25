package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * What a lead said, as its workflow learns it (SPEC "Conversations"): a reply, an opt-out or an
 * opt-in. Never the message text: the workflow history holds no personal data.
 *
 * @param stopOnReply {@code STOP_ON_REPLY}: a reply stops the follow-ups (status REPLIED)
 * @param requestId the id of the HTTP request (the Twilio callback) that reported it; null for none
 * @param resumeAt an out-of-office {@link Kind#AUTO_REPLY}: the lead is away until then (its
 *     schedule pauses until that instant); null for anything else
 * @param quietResumeMillis a {@link Kind#REPLY} under {@code REPLY_RESUME_HOURS}: a lead the reply
 *     stopped resumes at its next step when nothing more came for this long; null: off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Inbound(
    Kind kind, boolean stopOnReply, String requestId, Instant resumeAt, Long quietResumeMillis) {

  public enum Kind {
    /** Any inbound text that is no keyword. */
    REPLY,
    /** STOP and its kin: texts and calls are blocked from now on (by the worker, at send time). */
    OPT_OUT,
    /** START, UNSTOP, YES: texts and calls may go again. */
    OPT_IN,
    /**
     * An automatic answer (out of office, a phone's "driving" reply): no reply; with {@code
     * resumeAt} (out of office) a running schedule pauses until then.
     */
    AUTO_REPLY
  }

  public Inbound(Kind kind, boolean stopOnReply, String requestId) {
    this(kind, stopOnReply, requestId, null, null);
  }

  public Inbound(Kind kind, boolean stopOnReply, String requestId, Instant resumeAt) {
    this(kind, stopOnReply, requestId, resumeAt, null);
  }

  /** This inbound with {@code REPLY_RESUME_HOURS} (null or 0: off). */
  public Inbound withQuietResume(Long millis) {
    return new Inbound(
        kind, stopOnReply, requestId, resumeAt, millis == null || millis <= 0 ? null : millis);
  }

  /** An out-of-office auto-reply: the lead is away until {@code until}. */
  public static Inbound away(Instant until) {
    return new Inbound(Kind.AUTO_REPLY, false, null, until);
  }

  public static Inbound reply(boolean stopOnReply) {
    return new Inbound(Kind.REPLY, stopOnReply, null);
  }

  public static Inbound of(Kind kind) {
    return new Inbound(kind, true, null);
  }

  public Inbound withRequestId(String value) {
    return new Inbound(kind, stopOnReply, value, resumeAt, quietResumeMillis);
  }
}

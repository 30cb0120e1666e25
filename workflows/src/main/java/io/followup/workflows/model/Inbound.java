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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Inbound(Kind kind, boolean stopOnReply, String requestId, Instant resumeAt) {

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
    this(kind, stopOnReply, requestId, null);
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
    return new Inbound(kind, stopOnReply, value, resumeAt);
  }
}

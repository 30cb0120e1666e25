package io.followup.workflows.schedule;

import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.OneOffMessage;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules of a one-off message (SPEC, sendMessage) as pure functions of (state, message, now):
 * the workflow's {@code sendMessage} validator checks a new message with {@link #check}, and the
 * message's procedure asks {@link #tooFar} and {@link #followUpsOff} again when it comes due.
 */
public final class MessageRules {
  /**
   * The furthest ahead a one-off message may be due: the API's cap ({@value
   * FollowUpRules#MAX_HOURS} hours from its clock) plus a day for the clocks' skew. Beyond it the
   * validator refuses the message, and one already pending (read from the store, say) is recorded
   * as not sent rather than waiting on a timer that may not even be created.
   */
  public static final Duration MAX_MESSAGE_WAIT =
      Duration.ofHours((long) FollowUpRules.MAX_HOURS).plus(Duration.ofHours(24));

  /** More pending one-off messages than this is a mistake of the caller's, not a plan. */
  public static final int MAX_PENDING_MESSAGES = 50;

  private MessageRules() {}

  /**
   * Throws the rejection of a new message (not one pending already): none for an opted-out lead,
   * none to a lead whose follow-ups are off unless {@code sendWhenOff}, none due too far ahead, no
   * more than {@link #MAX_PENDING_MESSAGES} pending.
   */
  public static void check(FollowUpState state, int pending, OneOffMessage message, Instant now) {
    if (state.unsubscribed()) {
      throw new FollowUpRejection("optedOut", "lead has opted out of texts");
    }
    if (followUpsOff(state) && !message.sendWhenOff()) {
      throw new FollowUpRejection(
          "sendWhenOff", "follow-ups are stopped for this lead; set sendWhenOff to send anyway");
    }
    if (message.sendAt() != null && tooFar(message.sendAt(), now)) {
      throw new FollowUpRejection(
          "scheduledTime", "must be at most " + (long) FollowUpRules.MAX_HOURS + " hours from now");
    }
    if (pending >= MAX_PENDING_MESSAGES) {
      throw new FollowUpRejection(
          "message",
          MAX_PENDING_MESSAGES
              + " messages are pending for this lead already; wait for some to go");
    }
  }

  /** Due later than {@link #MAX_MESSAGE_WAIT} from now. */
  public static boolean tooFar(Instant sendAt, Instant now) {
    return sendAt.isAfter(now.plus(MAX_MESSAGE_WAIT));
  }

  /** STOPPED or REPLIED: a one-off message goes only with {@code sendWhenOff}. */
  public static boolean followUpsOff(FollowUpState state) {
    return state.followUpStatus() == FollowUpStatus.STOPPED
        || state.followUpStatus() == FollowUpStatus.REPLIED;
  }
}

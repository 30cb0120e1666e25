package io.followup.workflows.schedule;

import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import java.time.Duration;
import java.time.Instant;

/**
 * What the lead said (SPEC "Conversations") does to the state, as a pure function: an opt-out or
 * opt-in sets the lead's flag and the schedule goes on; a reply with {@code stopOnReply} moves a
 * scheduled or long-term lead to REPLIED with nothing due, as a change (the change sequence moves,
 * so the workflow's loop cancels its armed timer and a send running now does not advance).
 */
public final class InboundRules {
  private InboundRules() {}

  /** The state after {@code inbound}; the same instance when it changes nothing. */
  public static FollowUpState apply(FollowUpState state, Inbound inbound) {
    return apply(state, inbound, null);
  }

  /**
   * The state after {@code inbound} at {@code now}: an out-of-office auto-reply with a future
   * {@code resumeAt} pauses a running schedule until then, as a change (a lead paused already keeps
   * its own pause); the same instance when it changes nothing.
   */
  public static FollowUpState apply(FollowUpState state, Inbound inbound, Instant now) {
    return switch (inbound.kind()) {
      case AUTO_REPLY ->
          pausesForAutoReply(state, inbound, now) ? away(state, inbound, now) : state;
      case OPT_OUT, OPT_IN -> {
        boolean optedOut = inbound.kind() == Inbound.Kind.OPT_OUT;
        yield state.unsubscribed() == optedOut
            ? state
            : state.withLeadFacts(state.useStrategiesForFollowUps(), state.timezone(), optedOut);
      }
      case REPLY -> {
        if (stopsFollowUps(state, inbound)) {
          yield quiet(replied(state), inbound, now);
        }
        // a replied lead that writes again: its quiet time starts again
        yield state.followUpStatus() == FollowUpStatus.REPLIED && state.resumeAt() != null
            ? quiet(state.withChangeSeq(state.changeSeq() + 1), inbound, now)
            : state;
      }
    };
  }

  /** A reply that stops the follow-ups of a lead that has them running. */
  public static boolean stopsFollowUps(FollowUpState state, Inbound inbound) {
    FollowUpStatus status = state.followUpStatus();
    return inbound.kind() == Inbound.Kind.REPLY
        && inbound.stopOnReply()
        && (status == FollowUpStatus.SCHEDULED
            || status == FollowUpStatus.LONG_TERM
            || status == FollowUpStatus.PAUSED);
  }

  /**
   * A REPLIED lead waiting to resume if nobody writes ({@code REPLY_RESUME_HOURS}), and a quiet
   * time to start again: what a message we send it does.
   */
  public static boolean waitsForQuiet(FollowUpState state, Long quietResumeMillis) {
    return quietResumeMillis != null
        && state.followUpStatus() == FollowUpStatus.REPLIED
        && state.resumeAt() != null;
  }

  /** With {@code REPLY_RESUME_HOURS}: the instant a replied lead resumes if nobody writes. */
  private static FollowUpState quiet(FollowUpState replied, Inbound inbound, Instant now) {
    if (inbound.quietResumeMillis() == null || now == null) {
      return replied;
    }
    return replied.withQuietResume(now.plusMillis(inbound.quietResumeMillis()));
  }

  /**
   * A replied lead that stayed quiet until its {@code resumeAt}: the step the reply held (the one
   * armed when the lead replied, never sent) at now + its hours, or the nurture touch of a
   * long-term lead, as a change.
   */
  public static FollowUpState resumeQuiet(
      FollowUpState state, Instant now, io.followup.workflows.model.FollowUpOptions options) {
    FollowUpState next = state.withChangeSeq(state.changeSeq() + 1);
    int step = state.followUpStep();
    if (step != FollowUpState.LONG_TERM && !state.followUpConfig().has(step)) {
      return FollowUpSchedule.advance(
          next.withSchedule(state.followUpConfig(), step, FollowUpStatus.SCHEDULED, null, null),
          now,
          options);
    }
    return FollowUpSchedule.schedule(next, state.followUpConfig(), step, now, options);
  }

  /** An out-of-office auto-reply that pauses a running schedule. */
  public static boolean pausesForAutoReply(FollowUpState state, Inbound inbound, Instant now) {
    FollowUpStatus status = state.followUpStatus();
    return inbound.kind() == Inbound.Kind.AUTO_REPLY
        && inbound.resumeAt() != null
        && now != null
        && inbound.resumeAt().isAfter(now)
        && (status == FollowUpStatus.SCHEDULED || status == FollowUpStatus.LONG_TERM);
  }

  private static FollowUpState away(FollowUpState state, Inbound inbound, Instant now) {
    Instant until = inbound.resumeAt();
    if (Duration.between(now, until).compareTo(PauseRules.MAX_PAUSE) > 0) {
      until = now.plus(PauseRules.MAX_PAUSE);
    }
    return PauseRules.pause(state.withChangeSeq(state.changeSeq() + 1), until, now);
  }

  private static FollowUpState replied(FollowUpState state) {
    return state
        .withChangeSeq(state.changeSeq() + 1)
        .withSchedule(
            state.followUpConfig(), state.followUpStep(), FollowUpStatus.REPLIED, null, null);
  }
}

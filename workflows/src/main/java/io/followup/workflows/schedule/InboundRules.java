package io.followup.workflows.schedule;

import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;

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
    return switch (inbound.kind()) {
      case OPT_OUT, OPT_IN -> {
        boolean optedOut = inbound.kind() == Inbound.Kind.OPT_OUT;
        yield state.unsubscribed() == optedOut
            ? state
            : state.withLeadFacts(state.useStrategiesForFollowUps(), state.timezone(), optedOut);
      }
      case REPLY -> stopsFollowUps(state, inbound) ? replied(state) : state;
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

  private static FollowUpState replied(FollowUpState state) {
    return state
        .withChangeSeq(state.changeSeq() + 1)
        .withSchedule(
            state.followUpConfig(), state.followUpStep(), FollowUpStatus.REPLIED, null, null);
  }
}

package io.followup.workflows.schedule;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Pause and resume (SPEC "Conversations", issue 21) as pure functions: a paused lead keeps its step
 * and the time that step had left; it resumes at {@code resumeAt} (or when a caller says so) with
 * that time again. Only a running schedule (SCHEDULED, LONG_TERM) can be paused.
 */
public final class PauseRules {
  /** The furthest a {@code resumeAt} may lie ahead: the longest step. */
  public static final Duration MAX_PAUSE = FollowUpSchedule.hours(FollowUpRules.MAX_HOURS);

  public static final String STATUS_RULE =
      "must be PAUSED (hold the schedule, until resumeAt when given) or SCHEDULED (resume it)";

  private PauseRules() {}

  /** The stateless rules of a change's {@code followUpStatus} and {@code resumeAt}. */
  public static void validate(FollowUpChange change) {
    FollowUpStatus status = change.followUpStatus();
    if (status != null && status != FollowUpStatus.PAUSED && status != FollowUpStatus.SCHEDULED) {
      throw new FollowUpRejection("followUpStatus", STATUS_RULE + "; got " + status);
    }
    if (change.resumeAt() != null && status != FollowUpStatus.PAUSED) {
      throw new FollowUpRejection("resumeAt", "only with followUpStatus PAUSED");
    }
    if (status == FollowUpStatus.SCHEDULED
        && change.followUpStep() != null
        && change.followUpStep() == FollowUpState.STOPPED) {
      throw new FollowUpRejection("followUpStatus", "SCHEDULED contradicts followUpStep -1");
    }
  }

  /**
   * {@code state} held until {@code resumeAt} (null: until resumed). A running schedule keeps the
   * time its armed send had left (none when overdue); a paused one keeps its time and takes the new
   * {@code resumeAt}.
   */
  public static FollowUpState pause(FollowUpState state, Instant resumeAt, Instant now) {
    if (resumeAt != null
        && (!resumeAt.isAfter(now) || Duration.between(now, resumeAt).compareTo(MAX_PAUSE) > 0)) {
      throw new FollowUpRejection(
          "resumeAt", "must be in the future, at most " + FollowUpRules.MAX_HOURS + " hours ahead");
    }
    return switch (state.followUpStatus()) {
      case PAUSED -> state.withPause(resumeAt, remaining(state));
      case SCHEDULED, LONG_TERM -> {
        Instant due = state.nextFollowUpAt();
        long left = due == null ? 0 : Math.max(0, Duration.between(now, due).toMillis());
        yield state.withPause(resumeAt, left);
      }
      case STOPPED, REPLIED, UNSCHEDULED ->
          throw new FollowUpRejection(
              "followUpStatus",
              "only a SCHEDULED or LONG_TERM lead can be paused; this one is "
                  + state.followUpStatus()
                  + " (send followUpStep to schedule it)");
    };
  }

  /**
   * A paused lead running again at {@code now}: its step (or nurture touch, step -2) due after the
   * time it had left. Any other state is returned as it is.
   */
  public static FollowUpState resume(FollowUpState state, Instant now) {
    if (state.followUpStatus() != FollowUpStatus.PAUSED) {
      return state;
    }
    Instant due = now.plusMillis(remaining(state));
    if (state.followUpStep() == FollowUpState.LONG_TERM) {
      return state.withSchedule(
          state.followUpConfig(),
          state.followUpStep(),
          FollowUpStatus.LONG_TERM,
          due,
          state.nextChannel());
    }
    return state.withSchedule(
        state.followUpConfig(),
        state.followUpStep(),
        FollowUpStatus.SCHEDULED,
        due,
        state.followUpConfig().step(state.followUpStep()).channel());
  }

  /** When a paused lead's step would go if nothing else changed; null when paused until resumed. */
  public static Instant dueAfterPause(FollowUpState state) {
    if (state.followUpStatus() != FollowUpStatus.PAUSED || state.resumeAt() == null) {
      return null;
    }
    return state.resumeAt().plusMillis(remaining(state));
  }

  private static long remaining(FollowUpState state) {
    return state.pausedRemainingMillis() == null ? 0 : state.pausedRemainingMillis();
  }
}

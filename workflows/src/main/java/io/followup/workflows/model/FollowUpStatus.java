package io.followup.workflows.model;

/** Where a lead's follow-up schedule stands. */
public enum FollowUpStatus {
  /** No config or no step yet: nothing is due. */
  UNSCHEDULED,
  /** A step is armed and will run at {@code nextFollowUpAt}. */
  SCHEDULED,
  /** Step -1: nothing is sent until an update schedules a step again. */
  STOPPED,
  /** Step -2: the step schedule is over; a nurture touch runs at a long interval. */
  LONG_TERM,
  /**
   * The lead replied (an inbound text that is no keyword) and {@code STOP_ON_REPLY} holds: nothing
   * is sent until an update schedules a step again. The step number stays what it was.
   */
  REPLIED,
  /**
   * Held by a caller ({@code followUpStatus: PAUSED}) or by an out-of-office auto-reply: nothing is
   * due; the step and the time it had left are kept and run again at {@code resumeAt}, or when a
   * caller resumes it ({@code followUpStatus: SCHEDULED}).
   */
  PAUSED
}

package io.followup.workflows;

import io.followup.workflows.model.Channel;

/**
 * Task queue names, in one place, so the API, the workflows and the channel fleets cannot drift.
 */
public final class TaskQueues {
  /** Lead workflows and their bookkeeping activities. */
  public static final String WORKFLOWS = "lead-followup-workflows";

  public static final String TEXT = "lead-followup-text";

  /** Calls and the voicemails left after them share a fleet: both go through the voice provider. */
  public static final String CALL = "lead-followup-call";

  public static final String EMAIL = "lead-followup-email";

  private TaskQueues() {}

  public static String forChannel(Channel channel) {
    return switch (channel) {
      case TEXT -> TEXT;
      case CALL, VOICEMAIL -> CALL;
      case EMAIL -> EMAIL;
    };
  }
}

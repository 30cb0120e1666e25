package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.FollowUpState;

/**
 * The {@code data} of a lead's {@code FOLLOW_UP_PAUSED} and {@code FOLLOW_UP_RESUMED} events, in
 * one place for the API (a PATCH, an out-of-office reply) and the workflows role (a pause that
 * ended by itself).
 */
public final class FollowUpEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FollowUpEvents() {}

  /**
   * @param reason {@code PATCH} or {@code OUT_OF_OFFICE}
   */
  public static String paused(FollowUpState state, String reason) {
    ObjectNode data = base(state, reason);
    data.put("resumeAt", state.resumeAt() == null ? null : state.resumeAt().toString());
    data.put(
        "remainingHours",
        state.pausedRemainingMillis() == null ? 0 : state.pausedRemainingMillis() / 3_600_000d);
    return data.toString();
  }

  /**
   * @param reason {@code PATCH}, {@code RESUME_AT} (the pause ended) or {@code QUIET_AFTER_REPLY}
   */
  public static String resumed(FollowUpState state, String reason) {
    ObjectNode data = base(state, reason);
    data.put(
        "nextFollowUpAt",
        state.nextFollowUpAt() == null ? null : state.nextFollowUpAt().toString());
    return data.toString();
  }

  private static ObjectNode base(FollowUpState state, String reason) {
    ObjectNode data = JSON.createObjectNode();
    data.put("reason", reason);
    data.put("followUpStep", state.followUpStep());
    data.put("followUpStatus", state.followUpStatus().name());
    return data;
  }
}

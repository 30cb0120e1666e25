package io.followup.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.workflows.model.FollowUpState;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The stored projection of a lead's workflow state, written and read exactly as the workflow's
 * payloads are, so a state read back is the state the workflow returned.
 */
public final class FollowUpStateJson {
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private FollowUpStateJson() {}

  public static String write(FollowUpState state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("follow-up state cannot be written", e);
    }
  }

  public static FollowUpState read(String text) {
    try {
      return JSON.readValue(text, FollowUpState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored follow-up state is corrupt", e);
    }
  }

  /** The follow-up state stored with a lead row. */
  public static FollowUpState of(LeadRow row) {
    return read(row.followUpState());
  }
}

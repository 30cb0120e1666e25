package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One step of a follow-up config. {@code strategyIds} is null (channel default message), {@code
 * ["auto"]} (the engine picks) or a list of ids.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepConfig(
    double hours,
    Channel channel,
    Boolean voicemailEnabled,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> strategyIds) {

  public static final String AUTO = "auto";

  /** The most hours a step (or the nurture interval) may wait: ten years. */
  public static final double MAX_HOURS = 87_600;

  public StepConfig {
    strategyIds = strategyIds == null ? null : List.copyOf(strategyIds);
  }

  public static StepConfig of(double hours, Channel channel) {
    return new StepConfig(hours, channel, null, null);
  }

  public boolean leavesVoicemail() {
    return channel == Channel.CALL && Boolean.TRUE.equals(voicemailEnabled);
  }
}

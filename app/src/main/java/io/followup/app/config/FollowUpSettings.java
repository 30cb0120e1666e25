package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.SendingWindow;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** The organisation's follow-up defaults, handed to every lead's workflow as its start options. */
public class FollowUpSettings {
  @JsonProperty public AfterLastStep afterLastStep = AfterLastStep.LONG_TERM;
  @JsonProperty public double nurtureIntervalHours = 720;
  @JsonProperty public String nurtureChannel = "text";
  @JsonProperty public String defaultTimezone = "UTC";
  @JsonProperty public String sendingWindowStart = "08:00";
  @JsonProperty public String sendingWindowEnd = "21:00";

  /** Strategy ids a step may name besides "auto" (a strategy catalogue is yet to come). */
  @JsonProperty public List<String> strategyIds = new ArrayList<>();

  public FollowUpOptions toOptions() {
    LocalTime end =
        sendingWindowEnd.equals("24:00") ? LocalTime.MAX : LocalTime.parse(sendingWindowEnd);
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        Channel.fromWire(nurtureChannel),
        new SendingWindow(LocalTime.parse(sendingWindowStart), end, null, null, false),
        defaultTimezone,
        FollowUpOptions.DEFAULTS.maxHistoryEvents(),
        FollowUpOptions.DEFAULTS.maxRunDays());
  }
}

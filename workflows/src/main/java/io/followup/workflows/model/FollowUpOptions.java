package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Start options of a lead's workflow, carried across continue-as-new.
 *
 * @param nurtureIntervalHours interval of the long-term nurture touch (SPEC default: 30 days)
 * @param defaultTimezone used when the lead has no time zone (the organisation's)
 * @param maxHistoryEvents continue-as-new once a run's history passes this many events
 * @param maxRunDays continue-as-new once a run is this old
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FollowUpOptions(
    AfterLastStep afterLastStep,
    double nurtureIntervalHours,
    Channel nurtureChannel,
    SendingWindow sendingWindow,
    String defaultTimezone,
    int maxHistoryEvents,
    double maxRunDays) {

  public static final FollowUpOptions DEFAULTS =
      new FollowUpOptions(
          AfterLastStep.LONG_TERM, 30 * 24, Channel.TEXT, SendingWindow.DEFAULT, "UTC", 2_000, 30);

  public FollowUpOptions {
    afterLastStep = afterLastStep == null ? AfterLastStep.LONG_TERM : afterLastStep;
    nurtureIntervalHours = nurtureIntervalHours <= 0 ? 30 * 24 : nurtureIntervalHours;
    nurtureChannel = nurtureChannel == null ? Channel.TEXT : nurtureChannel;
    sendingWindow = sendingWindow == null ? SendingWindow.DEFAULT : sendingWindow;
    defaultTimezone = defaultTimezone == null ? "UTC" : defaultTimezone;
    maxHistoryEvents = maxHistoryEvents <= 0 ? 2_000 : maxHistoryEvents;
    maxRunDays = maxRunDays <= 0 ? 30 : maxRunDays;
  }

  public FollowUpOptions withAfterLastStep(AfterLastStep value) {
    return new FollowUpOptions(
        value,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays);
  }

  public FollowUpOptions withSendingWindow(SendingWindow value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        value,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays);
  }

  public FollowUpOptions withNurtureIntervalHours(double value) {
    return new FollowUpOptions(
        afterLastStep,
        value,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays);
  }

  public FollowUpOptions withMaxHistoryEvents(int value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        value,
        maxRunDays);
  }
}

package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Start options of a lead's workflow, carried across continue-as-new.
 *
 * <p>The organisation's settings are checked when the app starts ({@code
 * FollowUpRules.settingsProblems}). This record stays defensive for payloads written by older
 * versions (absent fields) or with values that slipped past that check: an absent or impossible
 * value becomes its default, an interval is never zero or beyond ten years.
 *
 * @param nurtureIntervalHours interval of the long-term nurture touch (SPEC default: 30 days)
 * @param defaultTimezone used when the lead has no time zone (the organisation's)
 * @param maxHistoryEvents continue-as-new once a run's history passes this many events
 * @param maxRunDays continue-as-new once a run is this old
 * @param maxSendsPerLeadPerDay the most follow-up sends (any channel, nurture included) a lead gets
 *     in any rolling 24 hours; absent in older payloads, which means {@value
 *     #DEFAULT_MAX_SENDS_PER_LEAD_PER_DAY}
 * @param emailSendingWindow when emails may go out, in the lead's local time; null (the default,
 *     and older payloads): at any hour
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FollowUpOptions(
    AfterLastStep afterLastStep,
    double nurtureIntervalHours,
    Channel nurtureChannel,
    SendingWindow sendingWindow,
    String defaultTimezone,
    int maxHistoryEvents,
    double maxRunDays,
    int maxSendsPerLeadPerDay,
    SendingWindow emailSendingWindow) {

  public static final double DEFAULT_NURTURE_INTERVAL_HOURS = 30 * 24;
  public static final int DEFAULT_MAX_SENDS_PER_LEAD_PER_DAY = 10;

  public static final FollowUpOptions DEFAULTS =
      new FollowUpOptions(
          AfterLastStep.LONG_TERM,
          DEFAULT_NURTURE_INTERVAL_HOURS,
          Channel.TEXT,
          SendingWindow.DEFAULT,
          "UTC",
          2_000,
          30,
          DEFAULT_MAX_SENDS_PER_LEAD_PER_DAY,
          null);

  public FollowUpOptions {
    afterLastStep = afterLastStep == null ? AfterLastStep.LONG_TERM : afterLastStep;
    // NaN fails "> 0" too: never a zero-length nurture loop
    nurtureIntervalHours =
        !(nurtureIntervalHours > 0)
            ? DEFAULT_NURTURE_INTERVAL_HOURS
            : Math.min(nurtureIntervalHours, StepConfig.MAX_HOURS);
    nurtureChannel = nurtureChannel == null ? Channel.TEXT : nurtureChannel;
    sendingWindow = sendingWindow == null ? SendingWindow.DEFAULT : sendingWindow;
    defaultTimezone = defaultTimezone == null ? "UTC" : defaultTimezone;
    maxHistoryEvents = maxHistoryEvents <= 0 ? 2_000 : maxHistoryEvents;
    maxRunDays = !(maxRunDays > 0) ? 30 : maxRunDays;
    maxSendsPerLeadPerDay =
        maxSendsPerLeadPerDay <= 0 ? DEFAULT_MAX_SENDS_PER_LEAD_PER_DAY : maxSendsPerLeadPerDay;
  }

  public FollowUpOptions withAfterLastStep(AfterLastStep value) {
    return new FollowUpOptions(
        value,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays,
        maxSendsPerLeadPerDay,
        emailSendingWindow);
  }

  public FollowUpOptions withSendingWindow(SendingWindow value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        value,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays,
        maxSendsPerLeadPerDay,
        emailSendingWindow);
  }

  public FollowUpOptions withNurtureIntervalHours(double value) {
    return new FollowUpOptions(
        afterLastStep,
        value,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays,
        maxSendsPerLeadPerDay,
        emailSendingWindow);
  }

  public FollowUpOptions withMaxHistoryEvents(int value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        value,
        maxRunDays,
        maxSendsPerLeadPerDay,
        emailSendingWindow);
  }

  public FollowUpOptions withMaxSendsPerLeadPerDay(int value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays,
        value,
        emailSendingWindow);
  }

  public FollowUpOptions withEmailSendingWindow(SendingWindow value) {
    return new FollowUpOptions(
        afterLastStep,
        nurtureIntervalHours,
        nurtureChannel,
        sendingWindow,
        defaultTimezone,
        maxHistoryEvents,
        maxRunDays,
        maxSendsPerLeadPerDay,
        value);
  }

  /**
   * The window a channel's sends keep: texts, calls and voicemails the sending window; email its
   * own window when one is set (or the sending window in payloads that applied it to email), else
   * none (null: any hour).
   */
  public SendingWindow windowFor(Channel channel) {
    if (channel.isVoiceOrText()) {
      return sendingWindow;
    }
    if (emailSendingWindow != null) {
      return emailSendingWindow;
    }
    return sendingWindow.appliesToEmail() ? sendingWindow : null;
  }
}

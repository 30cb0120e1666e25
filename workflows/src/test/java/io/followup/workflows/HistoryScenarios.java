package io.followup.workflows;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;

import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.RegionalRule;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run per path through the workflow, recorded as histories. The committed copies under
 * src/test/resources/histories are what running leads look like; {@link ReplayTest} replays them
 * against the current code so a change that breaks a running lead fails the build. They were all
 * recorded again at the version-gate baseline (docs/DECISIONS.md); a path added later adds its
 * history alone ({@code -Dhistories.only=<scenario>}).
 *
 * <p>The paths, and the history that takes each:
 *
 * <ul>
 *   <li>a text step, a call nobody answers followed by its voicemail, an email step with
 *       strategies, the long-term nurture touch after the last step, continue-as-new by the run's
 *       age: {@code all-steps}
 *   <li>a call nobody answers that leaves no voicemail, the send rules' window and regional cap (a
 *       REGIONAL_CAP deferral), an email no window holds: {@code send-rules}
 *   <li>the daily cap (a DAILY_CAP deferral): {@code daily-cap}
 *   <li>a config change, a step change and a reset superseding the armed timer: {@code reset}
 *   <li>stop (-1) cancelling the armed timer: {@code stop}
 *   <li>a stopped lead woken past its run's age, continued as new idle: {@code
 *       idle-continue-as-new}
 *   <li>continue-as-new by history length, with changes in flight: {@code continue-as-new}
 *   <li>an update while a send runs (its schedule wins over the advance): {@code
 *       change-during-send}
 *   <li>send rules that cannot be read (asked again 5 minutes later), a projection that cannot be
 *       saved, a call whose voicemail a machine took (VOICEMAIL_LEFT), a call answered, a send that
 *       gives up (recorded as FAILED) whose record fails too, STOPPED after the last step, -2
 *       starting the long-term nurture: {@code outcomes}
 *   <li>a deferred send evaluated again under new settings, equal settings (no change), new
 *       settings while a timer is armed: {@code settings-rollout}
 *   <li>STOP and START (opt-out, opt-in), a reply that stops the follow-ups, replies that change
 *       nothing, a one-off message sent twice (accepted once) and recorded as not sent because the
 *       lead replied, a change after REPLIED: {@code conversations}
 *   <li>one-off messages: waiting for the window, overriding it, restarting the schedule ({@code
 *       scheduleFollowUps}), pending across continue-as-new: {@code send-message}
 *   <li>a stored one-off message due too far ahead (recorded as not sent) beside one that goes:
 *       {@code message-too-far}
 *   <li>a pause until a date that ends by itself, a change while paused, a pause until resumed and
 *       a caller's resume, a reply while paused, a quiet time after a reply (REPLY_RESUME_HOURS)
 *       restarted by a second reply and then resuming, an out-of-office pause: {@code pause}
 * </ul>
 *
 * <p>Not recorded: a change that lands while the send rules' local activity runs (the due send then
 * stops without a command of its own; only a local activity longer than the workflow task's timeout
 * lets a change in between), and a lead with a due instant but nothing to run (the validator makes
 * it impossible).
 */
final class HistoryScenarios {
  static final FollowUpConfig CONFIG =
      FollowUpConfig.of(
          Map.of(
              1, StepConfig.of(1, Channel.TEXT),
              2, new StepConfig(2, Channel.CALL, true, null),
              3, new StepConfig(0.5, Channel.EMAIL, null, List.of("auto"))));

  private HistoryScenarios() {}

  /** Scenario name to its histories (a continued lead has two runs). */
  static Map<String, List<WorkflowExecutionHistory>> record() {
    Map<String, List<WorkflowExecutionHistory>> all = new LinkedHashMap<>();
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // every step (text, call + voicemail, email with strategies) then a long-term nurture touch
      t.apply(
          "all-steps",
          new FollowUpChange(CONFIG, 1, true, "America/Chicago", null),
          FollowUpTestEnv.OPTIONS.withSendingWindow(SendingWindow.DEFAULT));
      String firstRun = t.stub("all-steps").describe().getExecution().getRunId();
      // 31 days: the nurture touch at day 30, then the run's age starts a new run
      t.sleepUntil(ofHours(24 * 31));
      all.put("all-steps", runs(t, "all-steps", firstRun));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      t.apply("reset", FollowUpChange.reset(CONFIG, 1));
      t.sleepUntil(ofMinutes(30));
      t.apply("reset", FollowUpChange.step(3));
      t.sleepUntil(ofMinutes(40));
      t.apply("reset", FollowUpChange.config(CONFIG));
      t.apply("reset", FollowUpChange.reset(CONFIG, 2));
      t.sleepUntil(ofHours(3));
      all.put("reset", runs(t, "reset", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      t.apply("stop", FollowUpChange.reset(CONFIG, 1));
      t.sleepUntil(ofHours(2));
      t.apply("stop", FollowUpChange.step(FollowUpState.STOPPED));
      t.sleepUntil(ofHours(24 * 3));
      all.put("stop", runs(t, "stop", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      t.apply(
          "continue-as-new",
          FollowUpChange.reset(CONFIG, 1),
          FollowUpTestEnv.OPTIONS.withMaxHistoryEvents(40));
      String firstRun = t.stub("continue-as-new").describe().getExecution().getRunId();
      for (int i = 0; i < 12; i++) {
        t.apply("continue-as-new", FollowUpChange.step(i % 2 == 0 ? 2 : 1));
      }
      t.sleepUntil(ofHours(3));
      all.put("continue-as-new", runs(t, "continue-as-new", firstRun));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // a stopped lead waits for nothing; the change that wakes it past the run's age continues
      // it as new, idle still
      FollowUpOptions o = FollowUpTestEnv.OPTIONS;
      FollowUpOptions twoDays =
          new FollowUpOptions(
              o.afterLastStep(),
              o.nurtureIntervalHours(),
              o.nurtureChannel(),
              o.sendingWindow(),
              o.defaultTimezone(),
              o.maxHistoryEvents(),
              2,
              o.maxSendsPerLeadPerDay(),
              o.emailSendingWindow());
      t.apply("idle-continue-as-new", FollowUpChange.reset(CONFIG, 1), twoDays);
      String firstRun = t.stub("idle-continue-as-new").describe().getExecution().getRunId();
      t.sleepUntil(ofMinutes(30));
      t.apply("idle-continue-as-new", FollowUpChange.step(FollowUpState.STOPPED));
      t.sleepUntil(ofHours(24 * 3));
      t.inbound("idle-continue-as-new", Inbound.of(Inbound.Kind.OPT_OUT));
      t.sleepUntil(ofHours(24 * 3 + 1));
      all.put("idle-continue-as-new", runs(t, "idle-continue-as-new", firstRun));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // an update while step 1's text is being sent: the send finishes, the update's schedule
      // (step 3) wins over the advance
      t.channels.duringText =
          () -> {
            t.channels.duringText = null;
            t.apply("change-during-send", FollowUpChange.step(3));
          };
      t.apply("change-during-send", FollowUpChange.reset(CONFIG, 1));
      t.sleepUntil(ofHours(2));
      all.put("change-during-send", runs(t, "change-during-send", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // what a send can come back with, and stores that are down: the send rules down once (the
      // call waits 5 minutes and asks again; its projection is not saved), a machine takes the
      // call's voicemail (VOICEMAIL_LEFT), a call answered (ANSWERED), an email the provider
      // refuses (recorded as FAILED, the record itself failing once), then STOPPED after the last
      // step; a -2 change starts the long-term nurture (a text every 2 hours)
      FollowUpConfig calls =
          FollowUpConfig.of(
              Map.of(
                  1, new StepConfig(1, Channel.CALL, true, null),
                  2, new StepConfig(1, Channel.CALL, true, null),
                  3, StepConfig.of(1, Channel.EMAIL)));
      t.channels.rulesDown.set(1);
      t.channels.projectionsDown.set(1);
      t.channels.recordsDown.set(1);
      t.channels.machineTakesVoicemails = true;
      t.channels.failing.add(Channel.EMAIL);
      t.apply(
          "outcomes",
          FollowUpChange.reset(calls, 1),
          FollowUpTestEnv.OPTIONS
              .withAfterLastStep(AfterLastStep.STOPPED)
              .withNurtureIntervalHours(2));
      t.sleepUntil(ofMinutes(90));
      t.channels.callsAnswered = true;
      t.sleepUntil(ofHours(4));
      t.apply("outcomes", FollowUpChange.step(FollowUpState.LONG_TERM));
      t.sleepUntil(ofHours(7));
      all.put("outcomes", runs(t, "outcomes", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // cap 2: the third step waits for the first send to be a day old (a DAILY_CAP deferral)
      FollowUpConfig quick =
          FollowUpConfig.of(
              Map.of(
                  1, StepConfig.of(0.001, Channel.TEXT),
                  2, StepConfig.of(0.001, Channel.EMAIL),
                  3, StepConfig.of(0.001, Channel.TEXT)));
      t.apply(
          "daily-cap",
          FollowUpChange.reset(quick, 1),
          FollowUpTestEnv.OPTIONS.withMaxSendsPerLeadPerDay(2));
      t.sleepUntil(ofHours(25));
      all.put("daily-cap", runs(t, "daily-cap", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // the send rules' local activity: a night wait (window), Florida's cap of 3 (REGIONAL_CAP)
      t.channels.regional = new RegionalRule("US-FL", LocalTime.of(8, 0), LocalTime.of(20, 0), 3);
      FollowUpConfig hourly =
          FollowUpConfig.of(
              Map.of(
                  1, StepConfig.of(0, Channel.TEXT),
                  2, StepConfig.of(1, Channel.CALL),
                  3, StepConfig.of(1, Channel.TEXT),
                  4, StepConfig.of(1, Channel.TEXT),
                  5, StepConfig.of(0, Channel.EMAIL)));
      t.apply(
          "send-rules",
          new FollowUpChange(hourly, 1, null, "America/New_York", null),
          FollowUpTestEnv.OPTIONS.withSendingWindow(SendingWindow.DEFAULT));
      t.sleepUntil(ofHours(30));
      all.put("send-rules", runs(t, "send-rules", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // a text due at 04:00 in Los Angeles waits for the 08:00 window; the organisation's window
      // is rolled out as 07:00-21:00 meanwhile: the wait is evaluated again and the text goes at
      // 07:00; the same settings again change nothing
      FollowUpConfig now = FollowUpConfig.of(Map.of(1, StepConfig.of(0, Channel.TEXT)));
      t.apply(
          "settings-rollout",
          new FollowUpChange(now, 1, null, "America/Los_Angeles", null),
          FollowUpTestEnv.OPTIONS.withSendingWindow(SendingWindow.DEFAULT));
      t.sleepUntil(ofMinutes(30));
      FollowUpOptions earlier =
          FollowUpTestEnv.OPTIONS.withSendingWindow(
              new SendingWindow(LocalTime.of(7, 0), LocalTime.of(21, 0), null, null, false));
      LeadFollowUpWorkflow workflow =
          t.client.newWorkflowStub(
              LeadFollowUpWorkflow.class, WorkflowIds.forLead("settings-rollout"));
      workflow.applySettings(earlier);
      t.sleepUntil(ofMinutes(40));
      workflow.applySettings(earlier);
      // 07:00 in Los Angeles (T0+3h) the text went; the nurture timer is armed: new settings
      // replace the options and leave the timer alone
      t.sleepUntil(ofHours(3).plusMinutes(30));
      workflow.applySettings(earlier.withMaxSendsPerLeadPerDay(5));
      t.sleepUntil(ofHours(4));
      all.put("settings-rollout", runs(t, "settings-rollout", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // a message due at T0+2h (sent twice: accepted once), an opt-out while step 1 waits (the
      // text goes marked opted out), an opt-in, a reply that cancels step 2's timer (REPLIED),
      // replies that change nothing; the message comes due after the reply and is recorded as
      // not sent; then an update that schedules step 3 again
      t.apply("conversations", FollowUpChange.reset(CONFIG, 1));
      OneOffMessage message =
          new OneOffMessage(
              "m-replied", FollowUpTestEnv.T0.plus(ofHours(2)), true, false, false, null, null);
      t.sleepUntil(ofMinutes(10));
      t.workflow("conversations").sendMessage(message);
      t.sleepUntil(ofMinutes(20));
      t.workflow("conversations").sendMessage(message);
      t.sleepUntil(ofMinutes(30));
      t.inbound("conversations", Inbound.of(Inbound.Kind.OPT_OUT));
      t.sleepUntil(ofMinutes(90));
      t.inbound("conversations", Inbound.of(Inbound.Kind.OPT_IN));
      t.inbound("conversations", Inbound.reply(true));
      t.sleepUntil(ofMinutes(100));
      t.inbound("conversations", Inbound.reply(true));
      t.inbound("conversations", Inbound.reply(false));
      t.sleepUntil(ofHours(5));
      t.apply("conversations", FollowUpChange.step(3));
      t.sleepUntil(ofHours(6));
      all.put("conversations", runs(t, "conversations", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // one-off messages: one now before the New York window (waits for 08:00), one overriding
      // it, one scheduled with scheduleFollowUps (restarts the schedule), then continue-as-new
      // with a message still pending
      t.apply(
          "send-message",
          new FollowUpChange(CONFIG, 1, null, "America/New_York", null),
          FollowUpTestEnv.OPTIONS
              .withSendingWindow(SendingWindow.DEFAULT)
              .withMaxHistoryEvents(70));
      String firstRun = t.stub("send-message").describe().getExecution().getRunId();
      Instant t0 = FollowUpTestEnv.T0;
      List<OneOffMessage> messages =
          List.of(
              new OneOffMessage("m-window", null, false, false, false, null, null),
              new OneOffMessage("m-override", null, true, false, false, null, null),
              new OneOffMessage("m-restart", t0.plus(ofHours(3)), false, false, true, null, null),
              new OneOffMessage("m-late", t0.plus(ofHours(40)), false, false, false, null, null));
      for (int i = 0; i < messages.size(); i++) {
        t.workflow("send-message").sendMessage(messages.get(i));
        // a minute between messages: on a loaded machine the in-memory test server can wedge an
        // Update that lands while the previous message's workflow task (with its send rules'
        // local activity) is still running ("invalid history builder state for action")
        t.sleepUntil(ofMinutes(i + 1));
      }
      t.sleepUntil(ofHours(4));
      for (int i = 0; i < 10; i++) {
        t.apply("send-message", FollowUpChange.step(i % 2 == 0 ? 2 : 1));
        // a minute between updates: one of them continues the run as new, and the in-memory test
        // server can wedge an update-with-start that races that continue-as-new ("invalid history
        // builder state for action"), hanging the recording on a loaded machine
        t.sleepUntil(ofHours(4).plusMinutes(i + 1));
      }
      t.sleepUntil(ofHours(41));
      all.put("send-message", runs(t, "send-message", firstRun));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // a stored message due beyond what a timer can hold: recorded as not sent (message-too-far)
      LeadFollowUpInput input =
          new LeadFollowUpInput("message-too-far", null, FollowUpTestEnv.OPTIONS)
              .withPendingMessages(
                  List.of(
                      new OneOffMessage(
                          "m-never",
                          Instant.parse("+99999-01-01T00:00:00Z"),
                          true,
                          false,
                          false,
                          null,
                          null),
                      new OneOffMessage(
                          "m-soon",
                          FollowUpTestEnv.T0.plus(ofHours(1)),
                          true,
                          false,
                          false,
                          null,
                          null)));
      LeadWorkflows.applyWithStart(
          t.client, input, new FollowUpChange(CONFIG, 1, null, "America/New_York", null), null);
      t.sleepUntil(ofHours(2));
      all.put("message-too-far", runs(t, "message-too-far", null));
    }
    try (FollowUpTestEnv t = new FollowUpTestEnv()) {
      // paused until a date (resumes by itself), a change while paused, paused until resumed and
      // resumed by a caller, a reply while paused
      t.apply("pause", FollowUpChange.reset(CONFIG, 1));
      t.sleepUntil(ofMinutes(20));
      t.apply("pause", FollowUpChange.pause(FollowUpTestEnv.T0.plus(ofHours(3))));
      t.apply("pause", FollowUpChange.config(CONFIG));
      t.sleepUntil(ofHours(5));
      t.apply("pause", FollowUpChange.pause(null));
      t.sleepUntil(ofHours(8));
      t.apply("pause", FollowUpChange.resume());
      t.apply("pause", FollowUpChange.pause(FollowUpTestEnv.T0.plus(ofHours(24))));
      t.sleepUntil(ofHours(9));
      // a reply while paused, under REPLY_RESUME_HOURS (2 h): a second reply restarts the wait,
      // then the quiet resumes the step; an out-of-office pauses it again until T0+20h
      t.inbound("pause", Inbound.reply(true).withQuietResume(ofHours(2).toMillis()));
      t.sleepUntil(ofHours(10));
      t.inbound("pause", Inbound.reply(true).withQuietResume(ofHours(2).toMillis()));
      t.sleepUntil(ofHours(13));
      t.inbound("pause", Inbound.away(FollowUpTestEnv.T0.plus(ofHours(20))));
      t.sleepUntil(ofHours(30));
      all.put("pause", runs(t, "pause", null));
    }
    return all;
  }

  /**
   * Every run of a lead from {@code firstRun} (null: the current run only), following
   * continue-as-new.
   */
  private static List<WorkflowExecutionHistory> runs(
      FollowUpTestEnv t, String leadId, String firstRun) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String workflowId = WorkflowIds.forLead(leadId);
    WorkflowExecutionHistory run =
        firstRun == null
            ? t.client.fetchHistory(workflowId)
            : t.client.fetchHistory(workflowId, firstRun);
    runs.add(run);
    while (run.getLastEvent().hasWorkflowExecutionContinuedAsNewEventAttributes()) {
      String next =
          run.getLastEvent()
              .getWorkflowExecutionContinuedAsNewEventAttributes()
              .getNewExecutionRunId();
      run = t.client.fetchHistory(workflowId, next);
      runs.add(run);
    }
    return runs;
  }
}

package io.followup.workflows;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

/**
 * What happens when the armed step (or nurture touch) comes due: the send rules and the caps may
 * move it (a deferral), else its channel runs (a call nobody answers followed by its voicemail) and
 * the schedule advances, unless a change arrived meanwhile: the change decides.
 */
final class DueStep {
  private static final Logger log = Workflow.getLogger(DueStep.class);

  private final LeadRun run;
  private final SendCounters counters;
  private final LeadActivities activities;

  DueStep(LeadRun run, SendCounters counters, LeadActivities activities) {
    this.run = run;
    this.counters = counters;
    this.activities = activities;
  }

  /** Runs the due send of the schedule the loop saw at change {@code seen}. */
  void run(long seen) {
    if (run.state().changeSeq() != seen) {
      return;
    }
    if (!run.isDue()) {
      // cannot happen through the validator; never spin on it, wait for the next change
      log.error(
          "lead {} has a due instant but nothing to run: {}", run.state().leadId(), run.state());
      Workflow.await(() -> run.state().changeSeq() != seen || run.continueAsNewDue());
      return;
    }
    boolean nurture = run.nurturing();
    StepConfig step =
        nurture ? null : run.state().followUpConfig().step(run.state().followUpStep());
    Channel channel = nurture ? run.options().nurtureChannel() : step.channel();

    Instant now = run.now();
    SendSlot slot = sendSlot(channel, now);
    if (slot == null) {
      run.sendDeferred = true;
      return;
    }
    if (run.state().changeSeq() != seen) {
      // a change (a reply, say) arrived while the rules were asked: it decides, not this send
      return;
    }
    run.sendDeferred = false;

    long seq = run.state().sendSeq() + 1;
    run.revise(run.state().withSendSeq(seq));
    counters.countSend(now, cap());
    if (channel.isVoiceOrText()) {
      counters.countCallOrText(now);
    }
    FollowUpState state = run.state();
    List<String> strategies =
        !nurture && state.useStrategiesForFollowUps() ? step.strategyIds() : null;
    SendRequest request =
        SendRequest.step(
            state.leadId(),
            state.followUpStep(),
            channel,
            WorkflowIds.sendKey(state.leadId(), seq),
            strategies,
            // the due instant as the window left it: the worker's due lag starts here
            state.nextFollowUpAt(),
            // a provider that detects machines leaves it on the call itself (VOICEMAIL_LEFT)
            channel == Channel.CALL && step != null && step.leavesVoicemail(),
            // a text is delivered before the window closes, or not at all
            slot.closesAt());
    SendResult result = activities.send(request);
    if (result.status() == DeliveryStatus.NO_ANSWER && step != null && step.leavesVoicemail()) {
      result =
          activities.send(
              SendRequest.step(
                  request.leadId(),
                  request.followUpStep(),
                  Channel.VOICEMAIL,
                  request.idempotencyKey() + ":voicemail",
                  strategies,
                  null,
                  false,
                  null));
    }
    run.revise(run.state().withLastOutcome(result.status().name()));
    if (run.state().changeSeq() == seen && windowClosedDuring(request, result)) {
      // the text was not handed over because its window closed while it waited (retries, a slow
      // queue): the step is not lost, it is due again now and the rules move it to the next
      // opening (the loop asks them), as a step due outside the window is moved
      log.info(
          "lead {}: step {}'s window closed before the hand-over; it waits for the next opening",
          state.leadId(),
          state.followUpStep());
      run.revise(run.state().withNextFollowUpAt(run.now()));
      run.publish();
      activities.saveProjection();
      return;
    }
    if (run.state().changeSeq() == seen) {
      // an update during the send has already set the schedule; it wins
      run.revise(FollowUpSchedule.advance(run.state(), run.now(), run.options()));
    }
    run.publish();
    activities.saveProjection();
  }

  /** The version of {@link #windowClosedDuring}: before it, such a step was lost (advanced). */
  static final String WINDOW_CLOSED_DEFERS = "window-closed-defers";

  /**
   * Whether a text came back BLOCKED after the window it was sent in closed: the worker blocks a
   * text it would hand over past its {@code validUntil} (WINDOW_CLOSED), and the workflow's own
   * clock tells it so without the reason (a result read back from the ledger has none).
   */
  private static boolean windowClosedDuring(SendRequest request, SendResult result) {
    return result.status() == DeliveryStatus.BLOCKED
        && request.validUntil() != null
        && !Instant.ofEpochMilli(Workflow.currentTimeMillis()).isBefore(request.validUntil())
        && Workflow.getVersion(WINDOW_CLOSED_DEFERS, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** {@link io.followup.workflows.model.FollowUpOptions} gives an absent cap its default. */
  private int cap() {
    return run.options().maxSendsPerLeadPerDay();
  }

  /**
   * Asks the send rules when the due send may go, after the daily cap allows it; when that is later
   * than now, moves the send there (state, search attributes, projection), records a cap's deferral
   * as an event and returns null; else the rules' answer (the send goes now).
   */
  private SendSlot sendSlot(Channel channel, Instant now) {
    Instant capOpening = counters.dailyCapOpening(now, cap());
    Instant notBefore = capOpening == null ? now : capOpening;
    SendSlot slot =
        activities.sendSlot(
            channel,
            notBefore,
            counters.callsAndTextsOfTheLastDay(now),
            WorkflowIds.sendKey(run.state().leadId(), run.state().sendSeq() + 1));
    if (!slot.at().isAfter(now)) {
      run.heldByPause = false;
      return slot;
    }
    run.revise(run.state().withNextFollowUpAt(slot.at()));
    run.publish();
    String leadId = run.state().leadId();
    int step = run.state().followUpStep();
    if (capOpening != null) {
      log.info(
          "lead {}: daily cap of {} sends reached; step {} deferred to {}",
          leadId,
          cap(),
          step,
          slot.at());
      activities.recordDeferral(
          deferral(
              channel, SendDeferral.DAILY_CAP, slot.at(), counters.sendsCounted(), cap(), null));
    } else if (SendSlot.REGIONAL_CAP.equals(slot.rule())) {
      log.info(
          "lead {}: {} cap of {} calls and texts a day reached; step {} deferred to {}",
          leadId,
          slot.region(),
          slot.cap(),
          step,
          slot.at());
      activities.recordDeferral(
          deferral(
              channel,
              SendDeferral.REGIONAL_CAP,
              slot.at(),
              slot.attemptsInLastDay(),
              slot.cap(),
              slot.region()));
    } else if (SendSlot.PAUSED.equals(slot.rule()) && !run.heldByPause) {
      log.info("lead {}: {} sends are paused; step {} waits", leadId, channel.wireName(), step);
      activities.recordDeferral(
          deferral(channel, SendDeferral.PAUSED, slot.at(), counters.sendsCounted(), 0, null));
    }
    run.heldByPause = SendSlot.PAUSED.equals(slot.rule());
    activities.saveProjection();
    return null;
  }

  private SendDeferral deferral(
      Channel channel, String reason, Instant until, int counted, int cap, String region) {
    FollowUpState state = run.state();
    return new SendDeferral(
        state.leadId(),
        WorkflowIds.sendKey(state.leadId(), state.sendSeq() + 1),
        state.followUpStep(),
        channel,
        reason,
        until,
        counted,
        cap,
        region);
  }
}

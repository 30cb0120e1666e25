package io.followup.workflows;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.schedule.FollowUpRules;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.followup.workflows.schedule.InboundRules;
import io.followup.workflows.schedule.MessageRules;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * One-off messages ({@code sendMessage}): accepted by the Update, carried across continue-as-new,
 * each sent by its own procedure beside the follow-up loop, on its own timer.
 */
final class OneOffMessages {
  /** The version gate of a message overriding business hours asking the send switch (issue 22). */
  static final String OVERRIDE_HELD_BY_SWITCH = "override-held-by-switch";

  private static final Logger log = Workflow.getLogger(OneOffMessages.class);

  private final LeadRun run;
  private final SendCounters counters;
  private final LeadActivities activities;

  /** One-off messages accepted and not sent yet, in the order accepted (carried across runs). */
  private final List<OneOffMessage> pending = new ArrayList<>();

  /** The ids of the pending messages whose procedure runs in this run. */
  private final Set<String> started = new HashSet<>();

  /** One-off sends in flight: continue-as-new waits for them. */
  private int sending;

  /** When each message's window closes, as the send rules last answered (its text's validity). */
  private final java.util.Map<String, Instant> validUntil = new java.util.HashMap<>();

  OneOffMessages(
      LeadRun run, SendCounters counters, LeadActivities activities, List<OneOffMessage> pending) {
    this.run = run;
    this.counters = counters;
    this.activities = activities;
    this.pending.addAll(pending);
  }

  List<OneOffMessage> pending() {
    return List.copyOf(pending);
  }

  boolean noneSending() {
    return sending == 0;
  }

  /** The Update: a message not pending yet is added, due now at the earliest. */
  OneOffMessage accept(OneOffMessage message) {
    OneOffMessage known = find(message.messageId());
    if (known != null) {
      return known;
    }
    Instant now = run.now();
    OneOffMessage accepted =
        message.sendAt() == null || message.sendAt().isBefore(now)
            ? message.withSendAt(now)
            : message;
    pending.add(accepted);
    log.info(
        "lead {}: message {} accepted, due {}",
        run.state().leadId(),
        accepted.messageId(),
        accepted.sendAt());
    return accepted;
  }

  /** The Update's validator: {@link MessageRules#check} for a message not pending yet. */
  void validate(OneOffMessage message) {
    try {
      if (message == null || message.messageId() == null || message.messageId().isBlank()) {
        throw new FollowUpRejection("message", "a message with an id is required");
      }
      if (find(message.messageId()) == null) {
        MessageRules.check(run.state(), pending.size(), message, run.now());
      }
    } catch (FollowUpRejection rejection) {
      throw ApplicationFailure.newNonRetryableFailure(
          rejection.encode(), FollowUpRejection.TYPE, rejection.field());
    }
  }

  /** Starts a procedure for every pending message that has none in this run; runs for the run. */
  void dispatch() {
    while (true) {
      Workflow.await(() -> pending.stream().anyMatch(m -> !started.contains(m.messageId())));
      for (OneOffMessage m : List.copyOf(pending)) {
        if (started.add(m.messageId())) {
          Async.procedure(this::deliver, m.messageId());
        }
      }
    }
  }

  /**
   * One message: its own timer until it is due, then (unless it overrides business hours) the send
   * rules, as a follow-up text's, which may move it and wait again; then the send through the text
   * fleet under its own idempotency key. The daily cap does not hold it (the cap paces the
   * automatic schedule; a message is the caller's explicit choice), but it counts as a text for the
   * regional caps.
   */
  private void deliver(String messageId) {
    boolean tooFar = waitUntilDue(messageId);
    OneOffMessage m = find(messageId);
    sending++;
    try {
      SendRequest request =
          SendRequest.oneOff(
              run.state().leadId(),
              messageId,
              WorkflowIds.messageKey(run.state().leadId(), messageId),
              m.sendAt(),
              validUntil.remove(messageId));
      SendResult result;
      if (tooFar) {
        result =
            notSent(
                request,
                "not sent: due "
                    + m.sendAt()
                    + ", more than "
                    + (long) FollowUpRules.MAX_HOURS
                    + " hours ahead");
      } else if (MessageRules.followUpsOff(run.state()) && !m.sendWhenOff()) {
        // the lead replied or was stopped after the message was accepted
        result =
            notSent(
                request,
                "not sent: follow-ups are "
                    + run.state().followUpStatus()
                    + " for this lead and sendWhenOff is false");
      } else {
        counters.countCallOrText(run.now());
        result = activities.send(request);
      }
      pending.remove(m);
      if (m.scheduleFollowUps() && result.status() == DeliveryStatus.SENT) {
        run.revise(FollowUpSchedule.restart(run.state(), run.now(), run.options()));
        run.sendDeferred = false;
        run.publish();
        activities.saveProjection();
      } else if (result.status() == DeliveryStatus.SENT
          && InboundRules.waitsForQuiet(run.state(), m.quietResumeMillis())) {
        // REPLY_RESUME_HOURS counts from the last word either side wrote: ours is this message
        // (only messages accepted with the setting carry it: older histories never reach here)
        FollowUpState quiet =
            run.state().withQuietResume(run.now().plusMillis(m.quietResumeMillis()));
        run.revise(quiet.withChangeSeq(quiet.changeSeq() + 1));
        run.publish();
        activities.saveProjection();
      }
    } finally {
      sending--;
    }
  }

  /**
   * Waits on the message's timer, then for the send rules, until it may go; true (at once) when it
   * is due too far ahead for a timer.
   */
  private boolean waitUntilDue(String messageId) {
    while (true) {
      OneOffMessage m = find(messageId);
      Instant now = run.now();
      if (MessageRules.tooFar(m.sendAt(), now)) {
        return true;
      }
      if (m.sendAt().isAfter(now)) {
        Workflow.newTimer(
                Duration.between(now, m.sendAt()),
                TimerOptions.newBuilder()
                    .setSummary("message " + m.shortId() + " due " + m.sendAt())
                    .build())
            .get();
        continue;
      }
      boolean asksRules = !m.overrideBusinessHours();
      // before the send switch, a message overriding business hours asked nothing; now the switch
      // and its sender's pace hold it too
      boolean asksControls =
          !asksRules
              && Workflow.getVersion(OVERRIDE_HELD_BY_SWITCH, Workflow.DEFAULT_VERSION, 1)
                  != Workflow.DEFAULT_VERSION;
      if (asksRules || asksControls) {
        SendSlot slot =
            activities.sendSlot(
                Channel.TEXT,
                now,
                counters.callsAndTextsOfTheLastDay(now),
                WorkflowIds.messageKey(run.state().leadId(), messageId),
                asksControls);
        // a message overriding business hours is bound by no window (Twilio's own validity)
        validUntil.put(messageId, asksControls ? null : slot.closesAt());
        if (slot.at().isAfter(now)) {
          log.info(
              "lead {}: message {} waits for the sending rules until {}",
              run.state().leadId(),
              messageId,
              slot.at());
          pending.set(pending.indexOf(m), m.withSendAt(slot.at()));
          continue;
        }
      }
      return false;
    }
  }

  private SendResult notSent(SendRequest request, String reason) {
    log.info("lead {}: message {} {}", run.state().leadId(), request.messageId(), reason);
    return activities.recordNotSent(request, reason);
  }

  private OneOffMessage find(String messageId) {
    for (OneOffMessage m : pending) {
      if (m.messageId().equals(messageId)) {
        return m;
      }
    }
    return null;
  }
}

package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.followup.workflows.schedule.InboundRules;
import io.followup.workflows.schedule.PauseRules;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The lead's follow-up loop: wait for the armed due instant on a {@link ResettableTimer}, run the
 * {@link DueStep}, go round. Updates change the state synchronously and bump {@code changeSeq}; the
 * loop sees the bump, cancels its timer and arms a new one, so a superseded timer never fires.
 * One-off messages ({@link OneOffMessages}) run beside the loop; the caps count in {@link
 * SendCounters}; the activities and what their failures mean are in {@link LeadActivities}; the
 * rules are the pure {@link FollowUpSchedule}, {@link InboundRules} and {@code MessageRules}.
 */
public class LeadFollowUpWorkflowImpl implements LeadFollowUpWorkflow {
  private static final Logger log = Workflow.getLogger(LeadFollowUpWorkflowImpl.class);

  private final LeadRun lead;
  private final SendCounters counters;
  private final DueStep dueStep;
  private final OneOffMessages messages;
  private final LeadActivities activities;

  @WorkflowInit
  public LeadFollowUpWorkflowImpl(LeadFollowUpInput input) {
    lead = new LeadRun(input);
    counters = new SendCounters(input.recentSends(), input.recentCallsAndTexts());
    activities = new LeadActivities(lead);
    dueStep = new DueStep(lead, counters, activities);
    messages = new OneOffMessages(lead, counters, activities, input.pendingMessages());
  }

  @Override
  public void run(LeadFollowUpInput input) {
    lead.publish();
    // one-off messages (sendMessage) run beside the follow-up loop, each on its own timer
    Async.procedure(messages::dispatch);
    while (true) {
      lead.restoreRequestId();
      if (lead.continueAsNewDue()) {
        continueAsNew();
      }
      long seen = lead.state().changeSeq();
      if (lead.state().followUpStatus() == FollowUpStatus.PAUSED) {
        awaitResume(seen);
        continue;
      }
      if (lead.state().followUpStatus() == FollowUpStatus.REPLIED
          && lead.state().resumeAt() != null) {
        awaitQuietAfterReply(seen);
        continue;
      }
      Instant due = lead.state().nextFollowUpAt();
      if (due == null) {
        Workflow.await(() -> lead.state().changeSeq() != seen || lead.continueAsNewDue());
        continue;
      }
      if (lead.reevaluate) {
        lead.reevaluate = false;
        if (lead.sendDeferred) {
          // the send is due already; the window and the cap decide again under the new settings
          dueStep.run(seen);
          continue;
        }
      }
      Duration wait = Duration.between(lead.now(), due);
      if (wait.compareTo(Duration.ZERO) > 0
          && !ResettableTimer.await(
              wait,
              lead.label() + " due " + due,
              () -> lead.state().changeSeq() != seen || lead.reevaluate,
              lead::continueAsNewDue)) {
        continue;
      }
      dueStep.run(seen);
    }
  }

  /**
   * A paused lead waits for a change, or for its {@code resumeAt}: then it runs again with the time
   * its step had left (a new path: histories from before it never reach it).
   */
  private void awaitResume(long seen) {
    Instant resumeAt = lead.state().resumeAt();
    if (resumeAt == null) {
      Workflow.await(() -> lead.state().changeSeq() != seen || lead.continueAsNewDue());
      return;
    }
    Duration wait = Duration.between(lead.now(), resumeAt);
    if (wait.compareTo(Duration.ZERO) > 0
        && !ResettableTimer.await(
            wait, lead.label(), () -> lead.state().changeSeq() != seen, lead::continueAsNewDue)) {
      return;
    }
    FollowUpState resumed = PauseRules.resume(lead.state(), lead.now());
    lead.revise(resumed.withChangeSeq(resumed.changeSeq() + 1));
    lead.sendDeferred = false;
    log.info("lead {} resumes at step {}", resumed.leadId(), resumed.followUpStep());
    lead.publish();
    activities.saveResumed(RESUME_AT);
  }

  /**
   * REPLY_RESUME_HOURS: a replied lead nobody wrote to or from until its {@code resumeAt} runs its
   * next step (a new path: histories from before never reach it).
   */
  private void awaitQuietAfterReply(long seen) {
    Duration wait = Duration.between(lead.now(), lead.state().resumeAt());
    if (wait.compareTo(Duration.ZERO) > 0
        && !ResettableTimer.await(
            wait,
            "replied · step " + lead.state().followUpStep() + " resumes if quiet",
            () -> lead.state().changeSeq() != seen,
            lead::continueAsNewDue)) {
      return;
    }
    lead.revise(InboundRules.resumeQuiet(lead.state(), lead.now(), lead.options()));
    lead.sendDeferred = false;
    log.info(
        "lead {} was quiet after its reply: step {}",
        lead.state().leadId(),
        lead.state().followUpStep());
    lead.publish();
    activities.saveResumed(QUIET_AFTER_REPLY);
  }

  /** The reason of a resume after a reply and the quiet that followed it. */
  static final String QUIET_AFTER_REPLY = "QUIET_AFTER_REPLY";

  /** The reason of a resume at the pause's {@code resumeAt}. */
  static final String RESUME_AT = "RESUME_AT";

  /** After every handler and message send finished; the whole state is carried. */
  private void continueAsNew() {
    Workflow.await(() -> Workflow.isEveryHandlerFinished() && messages.noneSending());
    FollowUpState state = lead.state();
    log.info("continuing as new at change {} send {}", state.changeSeq(), state.sendSeq());
    Workflow.continueAsNew(
        new LeadFollowUpInput(
            state.leadId(),
            state,
            lead.options(),
            counters.sends(),
            counters.callsAndTexts(),
            lead.sendDeferred,
            messages.pending()));
  }

  @Override
  public FollowUpState applyChange(FollowUpChange change) {
    lead.useRequestId(change.requestId());
    if (change.options() != null) {
      lead.options(change.options());
    }
    // the validator ran FollowUpSchedule.apply on this state just before
    Instant dueBefore = lead.state().nextFollowUpAt();
    lead.revise(FollowUpSchedule.applyAccepted(lead.state(), change, lead.now(), lead.options()));
    if (!Objects.equals(dueBefore, lead.state().nextFollowUpAt())) {
      // a new due instant from the change: nothing waits for the window or the cap any more
      lead.sendDeferred = false;
    }
    lead.publish();
    return lead.state();
  }

  @Override
  public void validateChange(FollowUpChange change) {
    try {
      if (change == null) {
        throw new FollowUpRejection("body", "a change is required");
      }
      // every rule, stateless (FollowUpRules) and stateful, is in apply
      FollowUpSchedule.apply(
          lead.state(),
          change,
          lead.now(),
          change.options() != null ? change.options() : lead.options());
    } catch (FollowUpRejection rejection) {
      throw ApplicationFailure.newNonRetryableFailure(
          rejection.encode(), FollowUpRejection.TYPE, rejection.field());
    }
  }

  @Override
  public FollowUpState recordInbound(Inbound inbound) {
    lead.useRequestId(inbound.requestId());
    FollowUpState before = lead.state();
    FollowUpState next = InboundRules.apply(before, inbound, lead.now());
    if (next != before) {
      lead.revise(next);
    }
    if (InboundRules.stopsFollowUps(before, inbound)) {
      // a change like an update's: the loop cancels the armed timer
      lead.sendDeferred = false;
      log.info("lead {} replied: follow-ups stop", before.leadId());
    } else if (next.followUpStatus() != before.followUpStatus()) {
      // an out-of-office auto-reply paused it: the loop cancels the armed timer
      lead.sendDeferred = false;
      log.info("lead {} is away: follow-ups pause", before.leadId());
    }
    lead.publish();
    return lead.state();
  }

  @Override
  public void validateInbound(Inbound inbound) {
    if (inbound == null || inbound.kind() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "an inbound kind is required", FollowUpRejection.TYPE, "kind");
    }
  }

  @Override
  public boolean applySettings(FollowUpOptions settings) {
    if (settings.equals(lead.options())) {
      return false;
    }
    lead.options(settings);
    if (lead.sendDeferred) {
      lead.reevaluate = true;
    }
    lead.publish();
    return true;
  }

  @Override
  public void validateSettings(FollowUpOptions settings) {
    if (settings == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "settings are required", FollowUpRejection.TYPE, "options");
    }
  }

  @Override
  public OneOffMessage sendMessage(OneOffMessage message) {
    return messages.accept(message);
  }

  @Override
  public void validateMessage(OneOffMessage message) {
    messages.validate(message);
  }

  @Override
  public FollowUpState state() {
    return lead.state();
  }

  @Override
  public List<OneOffMessage> pendingMessages() {
    return messages.pending();
  }
}

package io.followup.workflows;

import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.followup.workflows.schedule.InboundRules;
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

  private final LeadRun run;
  private final SendCounters counters;
  private final DueStep dueStep;
  private final OneOffMessages messages;

  @WorkflowInit
  public LeadFollowUpWorkflowImpl(LeadFollowUpInput input) {
    run = new LeadRun(input);
    counters = new SendCounters(input.recentSends(), input.recentCallsAndTexts());
    LeadActivities activities = new LeadActivities(run);
    dueStep = new DueStep(run, counters, activities);
    messages = new OneOffMessages(run, counters, activities, input.pendingMessages());
  }

  @Override
  public void run(LeadFollowUpInput input) {
    run.publish();
    // one-off messages (sendMessage) run beside the follow-up loop, each on its own timer
    Async.procedure(messages::dispatch);
    while (true) {
      run.restoreRequestId();
      if (run.continueAsNewDue()) {
        continueAsNew();
      }
      long seen = run.state().changeSeq();
      Instant due = run.state().nextFollowUpAt();
      if (due == null) {
        Workflow.await(() -> run.state().changeSeq() != seen || run.continueAsNewDue());
        continue;
      }
      if (run.reevaluate) {
        run.reevaluate = false;
        if (run.sendDeferred) {
          // the send is due already; the window and the cap decide again under the new settings
          dueStep.run(seen);
          continue;
        }
      }
      Duration wait = Duration.between(run.now(), due);
      if (wait.compareTo(Duration.ZERO) > 0
          && !ResettableTimer.await(
              wait,
              run.label() + " due " + due,
              () -> run.state().changeSeq() != seen || run.reevaluate,
              run::continueAsNewDue)) {
        continue;
      }
      dueStep.run(seen);
    }
  }

  /** After every handler and message send finished; the whole state is carried. */
  private void continueAsNew() {
    Workflow.await(() -> Workflow.isEveryHandlerFinished() && messages.noneSending());
    FollowUpState state = run.state();
    log.info("continuing as new at change {} send {}", state.changeSeq(), state.sendSeq());
    Workflow.continueAsNew(
        new LeadFollowUpInput(
            state.leadId(),
            state,
            run.options(),
            counters.sends(),
            counters.callsAndTexts(),
            run.sendDeferred,
            messages.pending()));
  }

  @Override
  public FollowUpState applyChange(FollowUpChange change) {
    run.useRequestId(change.requestId());
    if (change.options() != null) {
      run.options(change.options());
    }
    // the validator ran FollowUpSchedule.apply on this state just before
    Instant dueBefore = run.state().nextFollowUpAt();
    run.revise(FollowUpSchedule.applyAccepted(run.state(), change, run.now(), run.options()));
    if (!Objects.equals(dueBefore, run.state().nextFollowUpAt())) {
      // a new due instant from the change: nothing waits for the window or the cap any more
      run.sendDeferred = false;
    }
    run.publish();
    return run.state();
  }

  @Override
  public void validateChange(FollowUpChange change) {
    try {
      if (change == null) {
        throw new FollowUpRejection("body", "a change is required");
      }
      // every rule, stateless (FollowUpRules) and stateful, is in apply
      FollowUpSchedule.apply(
          run.state(),
          change,
          run.now(),
          change.options() != null ? change.options() : run.options());
    } catch (FollowUpRejection rejection) {
      throw ApplicationFailure.newNonRetryableFailure(
          rejection.encode(), FollowUpRejection.TYPE, rejection.field());
    }
  }

  @Override
  public FollowUpState recordInbound(Inbound inbound) {
    run.useRequestId(inbound.requestId());
    FollowUpState before = run.state();
    FollowUpState next = InboundRules.apply(before, inbound);
    if (next != before) {
      run.revise(next);
    }
    if (InboundRules.stopsFollowUps(before, inbound)) {
      // a change like an update's: the loop cancels the armed timer
      run.sendDeferred = false;
      log.info("lead {} replied: follow-ups stop", before.leadId());
    }
    run.publish();
    return run.state();
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
    if (settings.equals(run.options())) {
      return false;
    }
    run.options(settings);
    if (run.sendDeferred) {
      run.reevaluate = true;
    }
    run.publish();
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
    return run.state();
  }

  @Override
  public List<OneOffMessage> pendingMessages() {
    return messages.pending();
  }
}

package io.followup.workflows;

import io.followup.workflows.activities.CallActivities;
import io.followup.workflows.activities.DeliveryRecordActivities;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.EmailActivities;
import io.followup.workflows.activities.LeadProjectionActivities;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.activities.SendRulesActivities;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.activities.TextActivities;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.DailyCap;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.WorkflowInit;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The lead's follow-up loop: wait for the armed due instant on a cancellable timer, run the step's
 * channel, advance. Updates change the state synchronously and bump {@code changeSeq}; the loop
 * sees the bump, cancels its timer and arms a new one, so a superseded timer never fires.
 */
public class LeadFollowUpWorkflowImpl implements LeadFollowUpWorkflow {
  private static final Logger log = Workflow.getLogger(LeadFollowUpWorkflowImpl.class);

  /*
   * Channel sends retry for about 2.5 minutes of provider errors (5+10+20+40+80 s), then the
   * failure is recorded and the schedule goes on: a follow-up much later than planned is worse
   * than a recorded failure. Schedule-to-close bounds the wait for a fleet that is down entirely.
   */
  private static final RetryOptions SEND_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(5))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(2))
          .setMaximumAttempts(6)
          .build();
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  /** A call rings, is answered or not, and reports back: minutes, not seconds. */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

  /**
   * A call's activity heartbeats while it follows the call (the call SID in the details), so a
   * worker that dies mid-call is noticed within this and the next attempt resumes the same call.
   */
  private static final Duration CALL_HEARTBEAT = Duration.ofSeconds(20);

  private static final Duration FLEET_WAIT = Duration.ofHours(1);

  /** Recording is a database write; ten tries over about a minute, then give up and go on. */
  private static final ActivityOptions RECORD_OPTIONS =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.WORKFLOWS)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .setMaximumAttempts(10)
                  .build())
          .build();

  /**
   * The projection is a cache of the state: a few quick tries, then the next change refreshes it.
   */
  private static final ActivityOptions PROJECTION_OPTIONS =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.WORKFLOWS)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setSummary("save projection")
          .build();

  /** Histories recorded before the projection was saved replay without it. */
  private static final String SAVE_PROJECTION = "save-projection";

  /** Histories recorded before the daily cap replay without its deferral. */
  private static final String DAILY_CAP = "daily-cap";

  /**
   * Histories recorded before the send rules (phone zones, regional rules) replay with the window
   * computed in a side effect; newer runs ask the {@link SendRulesActivities} local activity.
   */
  private static final String SEND_RULES = "send-rules";

  /**
   * The rules read the lead from the database: a few quick tries, then the send waits {@link
   * #RULES_RETRY} and asks again (never sent unchecked).
   */
  private static final LocalActivityOptions RULES_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  private static final Duration RULES_RETRY = Duration.ofMinutes(5);

  /** More calls and texts in a day than any regional cap counts; the daily cap bounds it first. */
  private static final int MAX_COUNTED_CALLS_AND_TEXTS = 100;

  /** Histories recorded before settings roll-outs never re-evaluate a deferred send. */
  private static final String SETTINGS_ROLLOUT = "settings-rollout";

  private static final Duration DAY = Duration.ofHours(24);

  /**
   * Histories recorded before conversations (replies, opt-outs) send a step whose send rules were
   * asked while a change arrived; newer runs leave it to the loop (the change decides). Also gates
   * the {@code OptedOut} search attribute ({@link OperatorView}).
   */
  static final String CONVERSATIONS = "conversations";

  private FollowUpOptions options;
  private FollowUpState state;

  /** When the latest sends started, oldest first: only the last 24 h, at most the cap. */
  private final List<Instant> recentSends = new ArrayList<>();

  /** When the latest calls and texts started, oldest first: only the last 24 h (regional caps). */
  private final List<Instant> recentCallsAndTexts = new ArrayList<>();

  /**
   * The armed send came due and waits for the send rules (window, daily or regional cap): its
   * instant was computed from the settings, so new settings compute it again.
   */
  private boolean sendDeferred;

  /** New settings arrived while {@link #sendDeferred}: the loop evaluates the send again. */
  private boolean reevaluate;

  @WorkflowInit
  public LeadFollowUpWorkflowImpl(LeadFollowUpInput input) {
    this.options = input.options();
    this.state = input.state();
    this.recentSends.addAll(input.recentSends());
    this.recentCallsAndTexts.addAll(input.recentCallsAndTexts());
    this.sendDeferred = input.sendDeferred();
    this.pendingMessages.addAll(input.pendingMessages());
  }

  /**
   * The request id of the latest change (null until one arrives with an id): the loop logs under it
   * and hands it to the activities it schedules ({@link RequestIds}). Not part of the state.
   */
  private String requestId;

  @Override
  public void run(LeadFollowUpInput input) {
    publish();
    // one-off messages (sendMessage) run beside the follow-up loop, each on its own timer
    Async.procedure(this::dispatchMessages);
    while (true) {
      if (requestId != null) {
        RequestIds.use(requestId);
      }
      if (continueAsNewDue()) {
        Workflow.await(() -> Workflow.isEveryHandlerFinished() && messagesSending == 0);
        log.info("continuing as new at change {} send {}", state.changeSeq(), state.sendSeq());
        Workflow.continueAsNew(
            new LeadFollowUpInput(
                state.leadId(),
                state,
                options,
                List.copyOf(recentSends),
                List.copyOf(recentCallsAndTexts),
                sendDeferred,
                List.copyOf(pendingMessages)));
      }
      long seen = state.changeSeq();
      Instant due = state.nextFollowUpAt();
      if (due == null) {
        Workflow.await(() -> state.changeSeq() != seen || continueAsNewDue());
        continue;
      }
      if (reevaluate) {
        reevaluate = false;
        if (sendDeferred
            && Workflow.getVersion(SETTINGS_ROLLOUT, Workflow.DEFAULT_VERSION, 1) >= 1) {
          // the send is due already; the window and the cap decide again under the new settings
          runDue(seen);
          continue;
        }
      }
      Duration wait = Duration.between(now(), due);
      if (wait.compareTo(Duration.ZERO) > 0 && !waitFor(wait, seen)) {
        continue;
      }
      runDue(seen);
    }
  }

  /**
   * Waits on a fresh timer; false when a change superseded it or the run must continue as new (the
   * timer is then cancelled; the due instant stays in the state).
   */
  private boolean waitFor(Duration wait, long seen) {
    TimerOptions timerOptions =
        TimerOptions.newBuilder().setSummary(label() + " due " + state.nextFollowUpAt()).build();
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(wait, timerOptions));
    scope.run();
    // a cancelled timer's promise fails with CanceledFailure; a handler marks that failure as
    // seen, else the SDK warns with its stack trace when the workflow leaves the worker's cache
    // (at every worker shutdown). In memory only: no command, nothing in the history.
    timer[0].handle((fired, cancelled) -> null);
    Workflow.await(
        () ->
            timer[0].isCompleted()
                || state.changeSeq() != seen
                || reevaluate
                || continueAsNewDue());
    // a change that arrived with the timer (same workflow task) supersedes it: the old schedule
    // must not run, the new one is armed from its own due instant
    if (!timer[0].isCompleted() || state.changeSeq() != seen || reevaluate) {
      scope.cancel();
      return false;
    }
    return true;
  }

  private void runDue(long seen) {
    if (state.changeSeq() != seen) {
      return;
    }
    if (!isDue()) {
      // cannot happen through the validator; never spin on it, wait for the next change
      log.error("lead {} has a due instant but nothing to run: {}", state.leadId(), state);
      Workflow.await(() -> state.changeSeq() != seen || continueAsNewDue());
      return;
    }
    boolean nurture = state.followUpStatus() == FollowUpStatus.LONG_TERM;
    StepConfig step = nurture ? null : state.followUpConfig().step(state.followUpStep());
    Channel channel = nurture ? options.nurtureChannel() : step.channel();

    Instant now = now();
    if (Workflow.getVersion(SEND_RULES, Workflow.DEFAULT_VERSION, 1) >= 1) {
      if (deferredByRules(channel, now)) {
        sendDeferred = true;
        return;
      }
      if (state.changeSeq() != seen
          && Workflow.getVersion(CONVERSATIONS, Workflow.DEFAULT_VERSION, 1) >= 1) {
        // a change (a reply, say) arrived while the rules were asked: it decides, not this send
        return;
      }
    } else {
      Instant opening = windowOpening(channel, now);
      if (opening.isAfter(now)) {
        sendDeferred = true;
        revise(state.withNextFollowUpAt(opening));
        publish();
        saveProjection();
        return;
      }

      Instant capOpening = capOpening(now);
      if (capOpening != null && Workflow.getVersion(DAILY_CAP, Workflow.DEFAULT_VERSION, 1) >= 1) {
        sendDeferred = true;
        deferForCap(channel, now, capOpening);
        return;
      }
    }
    sendDeferred = false;

    long seq = state.sendSeq() + 1;
    revise(state.withSendSeq(seq));
    countSend(now);
    if (channel.isVoiceOrText()) {
      recentCallsAndTexts.add(now);
      forgetCallsAndTextsBefore(now.minus(DAY));
    }
    List<String> strategies =
        !nurture && state.useStrategiesForFollowUps() ? step.strategyIds() : null;
    SendRequest request =
        new SendRequest(
            state.leadId(),
            state.followUpStep(),
            channel,
            WorkflowIds.sendKey(state.leadId(), seq),
            strategies,
            state.unsubscribed(),
            // the due instant as the window left it: the worker's due lag starts here
            state.nextFollowUpAt(),
            // a provider that detects machines leaves it on the call itself (VOICEMAIL_LEFT)
            channel == Channel.CALL && step != null && step.leavesVoicemail());
    SendResult result = send(request);
    if (result.status() == DeliveryStatus.NO_ANSWER && step != null && step.leavesVoicemail()) {
      result =
          send(
              new SendRequest(
                  request.leadId(),
                  request.followUpStep(),
                  Channel.VOICEMAIL,
                  request.idempotencyKey() + ":voicemail",
                  strategies,
                  request.optedOut(),
                  null));
    }
    revise(state.withLastOutcome(result.status().name()));
    if (state.changeSeq() == seen) {
      // an update during the send has already set the schedule; it wins
      revise(FollowUpSchedule.advance(state, now(), options));
    }
    publish();
    saveProjection();
  }

  /**
   * When the daily cap lets the next send go, or null when it may go now. A send counts for 24
   * hours from its start: with the cap reached, the next one may go once the oldest counted send is
   * 24 hours old, strictly after now, so a deferral never loops.
   */
  private Instant capOpening(Instant now) {
    forgetSendsBefore(now.minus(DAY));
    return DailyCap.opening(recentSends, cap(), now);
  }

  private void countSend(Instant at) {
    recentSends.add(at);
    while (recentSends.size() > cap()) {
      recentSends.remove(0);
    }
  }

  /** {@link FollowUpOptions} gives an absent or impossible cap its default. */
  private int cap() {
    return options.maxSendsPerLeadPerDay();
  }

  /** Drops the sends at or before {@code cutoff}: they no longer count. */
  private void forgetSendsBefore(Instant cutoff) {
    while (!recentSends.isEmpty() && !recentSends.get(0).isAfter(cutoff)) {
      recentSends.remove(0);
    }
  }

  /**
   * Asks the send rules when the due send may go, after the daily cap allows it; when that is later
   * than now, moves the send there (state, search attributes, projection), records a cap's deferral
   * as an event and returns true.
   */
  private boolean deferredByRules(Channel channel, Instant now) {
    Instant capOpening = capOpening(now);
    Instant notBefore = capOpening == null ? now : capOpening;
    forgetCallsAndTextsBefore(now.minus(DAY));
    SendSlot slot = sendSlot(channel, notBefore);
    if (!slot.at().isAfter(now)) {
      return false;
    }
    revise(state.withNextFollowUpAt(slot.at()));
    publish();
    if (capOpening != null) {
      log.info(
          "lead {}: daily cap of {} sends reached; step {} deferred to {}",
          state.leadId(),
          cap(),
          state.followUpStep(),
          slot.at());
      recordDeferral(
          deferral(channel, SendDeferral.DAILY_CAP, slot.at(), recentSends.size(), cap(), null));
    } else if (SendSlot.REGIONAL_CAP.equals(slot.rule())) {
      log.info(
          "lead {}: {} cap of {} calls and texts a day reached; step {} deferred to {}",
          state.leadId(),
          slot.region(),
          slot.cap(),
          state.followUpStep(),
          slot.at());
      recordDeferral(
          deferral(
              channel,
              SendDeferral.REGIONAL_CAP,
              slot.at(),
              slot.attemptsInLastDay(),
              slot.cap(),
              slot.region()));
    }
    saveProjection();
    return true;
  }

  /**
   * The send rules' answer, from the local activity (recorded: replay never evaluates tz rules or
   * reads the lead again). A channel no rule binds (email without a window) asks nothing.
   */
  private SendSlot sendSlot(Channel channel, Instant notBefore) {
    if (!channel.isVoiceOrText() && options.windowFor(channel) == null) {
      return SendSlot.now(notBefore);
    }
    SendSlotRequest request =
        new SendSlotRequest(
            state.leadId(),
            channel,
            state.timezone(),
            options.defaultTimezone(),
            options.windowFor(channel),
            notBefore,
            List.copyOf(recentCallsAndTexts));
    try {
      return Workflow.newLocalActivityStub(SendRulesActivities.class, RULES_OPTIONS)
          .firstAllowedInstant(request);
    } catch (ActivityFailure failure) {
      Instant retry = now().plus(RULES_RETRY);
      log.warn("lead {}: send rules unavailable; asking again at {}", state.leadId(), retry);
      return new SendSlot(retry, null, null, 0, 0);
    }
  }

  private void forgetCallsAndTextsBefore(Instant cutoff) {
    while (!recentCallsAndTexts.isEmpty()
        && (!recentCallsAndTexts.get(0).isAfter(cutoff)
            || recentCallsAndTexts.size() > MAX_COUNTED_CALLS_AND_TEXTS)) {
      recentCallsAndTexts.remove(0);
    }
  }

  private SendDeferral deferral(
      Channel channel, String reason, Instant until, int counted, int cap, String region) {
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

  /** A COMPLIANCE_BLOCKED event; a failure to record it never holds the schedule up. */
  private void recordDeferral(SendDeferral deferral) {
    try {
      Workflow.newActivityStub(
              DeliveryRecordActivities.class,
              ActivityOptions.newBuilder(RECORD_OPTIONS)
                  .setSummary(
                      "step "
                          + deferral.followUpStep()
                          + " · "
                          + deferral.reason()
                          + " · until "
                          + deferral.deferredUntil())
                  .build())
          .recordDeferral(deferral);
    } catch (ActivityFailure failure) {
      log.warn(
          "could not record the {} deferral of step {}",
          deferral.reason(),
          deferral.followUpStep());
    }
  }

  /**
   * Moves the due send to {@code until} and records why (a COMPLIANCE_BLOCKED event). Histories
   * recorded before the send rules only.
   */
  private void deferForCap(Channel channel, Instant now, Instant until) {
    int cap = cap();
    log.info(
        "lead {}: daily cap of {} sends reached; step {} deferred to {}",
        state.leadId(),
        cap,
        state.followUpStep(),
        until);
    revise(state.withNextFollowUpAt(until));
    publish();
    SendDeferral deferral =
        new SendDeferral(
            state.leadId(),
            WorkflowIds.sendKey(state.leadId(), state.sendSeq() + 1),
            state.followUpStep(),
            channel,
            SendDeferral.DAILY_CAP,
            until,
            recentSends.size(),
            cap);
    try {
      Workflow.newActivityStub(
              DeliveryRecordActivities.class,
              ActivityOptions.newBuilder(RECORD_OPTIONS)
                  .setSummary("step " + state.followUpStep() + " · daily cap · until " + until)
                  .build())
          .recordDeferral(deferral);
    } catch (ActivityFailure failure) {
      log.warn("could not record the daily-cap deferral of step {}", state.followUpStep());
    }
    saveProjection();
  }

  private void saveProjection() {
    if (Workflow.getVersion(SAVE_PROJECTION, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    try {
      Workflow.newActivityStub(LeadProjectionActivities.class, PROJECTION_OPTIONS)
          .saveProjection(state);
    } catch (ActivityFailure failure) {
      log.warn("could not save the projection of send {}", state.sendSeq());
    }
  }

  /** Only an armed step or a nurture touch can come due; anything else waits for a change. */
  private boolean isDue() {
    return switch (state.followUpStatus()) {
      case LONG_TERM -> true;
      case SCHEDULED -> state.followUpConfig().has(state.followUpStep());
      case STOPPED, REPLIED, UNSCHEDULED -> false;
    };
  }

  /** Runs one send; a send that gives up is recorded as FAILED and never fails the workflow. */
  private SendResult send(SendRequest request) {
    boolean voice = request.channel() == Channel.CALL || request.channel() == Channel.VOICEMAIL;
    ActivityOptions activityOptions =
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.forChannel(request.channel()))
            .setStartToCloseTimeout(request.channel() == Channel.CALL ? CALL_TIMEOUT : SEND_TIMEOUT)
            .setHeartbeatTimeout(voice ? CALL_HEARTBEAT : null)
            .setScheduleToCloseTimeout(FLEET_WAIT)
            .setRetryOptions(SEND_RETRIES)
            .setSummary(
                (request.isOneOff()
                        ? "message " + shortId(request.messageId())
                        : "step " + request.followUpStep())
                    + " · "
                    + request.channel().wireName()
                    + " · "
                    + request.idempotencyKey())
            .build();
    try {
      return switch (request.channel()) {
        case TEXT ->
            Workflow.newActivityStub(TextActivities.class, activityOptions).sendText(request);
        case CALL ->
            Workflow.newActivityStub(CallActivities.class, activityOptions).placeCall(request);
        case VOICEMAIL ->
            Workflow.newActivityStub(CallActivities.class, activityOptions).leaveVoicemail(request);
        case EMAIL ->
            Workflow.newActivityStub(EmailActivities.class, activityOptions).sendEmail(request);
      };
    } catch (ActivityFailure failure) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      String reason =
          cause instanceof TemporalFailure temporal
              ? temporal.getOriginalMessage()
              : String.valueOf(cause.getMessage());
      log.warn("send {} gave up: {}", request.idempotencyKey(), reason);
      try {
        return Workflow.newActivityStub(DeliveryRecordActivities.class, RECORD_OPTIONS)
            .recordFailure(request, reason);
      } catch (ActivityFailure recordFailure) {
        log.error("could not record failed send {}", request.idempotencyKey());
        return new SendResult(
            request.idempotencyKey(), request.channel(), DeliveryStatus.FAILED, null, null, reason);
      }
    }
  }

  /**
   * The sending window depends on tz rules, so it is computed once and recorded (side effect).
   * Histories recorded before the send rules only.
   */
  private Instant windowOpening(Channel channel, Instant now) {
    if (!options.sendingWindow().appliesTo(channel)) {
      return now;
    }
    String leadZone = state.timezone();
    long opening =
        Workflow.sideEffect(
            Long.class,
            () -> options.sendingWindow().nextOpening(now, zone(leadZone)).toEpochMilli());
    return Instant.ofEpochMilli(opening);
  }

  private ZoneId zone(String leadZone) {
    for (String candidate : new String[] {leadZone, options.defaultTimezone()}) {
      if (candidate != null) {
        try {
          return ZoneId.of(candidate);
        } catch (DateTimeException unknown) {
          // fall through to the next candidate
        }
      }
    }
    return ZoneId.of("UTC");
  }

  @Override
  public FollowUpState applyChange(FollowUpChange change) {
    if (change.requestId() != null) {
      requestId = change.requestId();
      RequestIds.use(requestId);
    }
    if (change.options() != null) {
      options = change.options();
    }
    // the validator ran FollowUpSchedule.apply on this state just before
    Instant dueBefore = state.nextFollowUpAt();
    revise(FollowUpSchedule.applyAccepted(state, change, now(), options));
    if (!Objects.equals(dueBefore, state.nextFollowUpAt())) {
      // a new due instant from the change: nothing waits for the window or the cap any more
      sendDeferred = false;
    }
    publish();
    return state;
  }

  @Override
  public FollowUpState recordInbound(Inbound inbound) {
    if (inbound.requestId() != null) {
      requestId = inbound.requestId();
      RequestIds.use(requestId);
    }
    switch (inbound.kind()) {
      case OPT_OUT, OPT_IN -> {
        boolean optedOut = inbound.kind() == Inbound.Kind.OPT_OUT;
        if (state.unsubscribed() != optedOut) {
          revise(
              state.withLeadFacts(state.useStrategiesForFollowUps(), state.timezone(), optedOut));
        }
      }
      case REPLY -> {
        FollowUpStatus status = state.followUpStatus();
        if (inbound.stopOnReply()
            && (status == FollowUpStatus.SCHEDULED || status == FollowUpStatus.LONG_TERM)) {
          // a change like an update's: the loop sees changeSeq move, cancels the armed timer, and
          // a send running now finishes without advancing the schedule
          revise(
              state
                  .withChangeSeq(state.changeSeq() + 1)
                  .withSchedule(
                      state.followUpConfig(),
                      state.followUpStep(),
                      FollowUpStatus.REPLIED,
                      null,
                      null));
          sendDeferred = false;
          log.info("lead {} replied: follow-ups stop", state.leadId());
        }
      }
    }
    publish();
    return state;
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
    if (settings.equals(options)) {
      return false;
    }
    options = settings;
    if (sendDeferred) {
      reevaluate = true;
    }
    publish();
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
  public void validateChange(FollowUpChange change) {
    try {
      if (change == null) {
        throw new FollowUpRejection("body", "a change is required");
      }
      // every rule, stateless (FollowUpRules) and stateful, is in apply
      FollowUpSchedule.apply(
          state, change, now(), change.options() != null ? change.options() : options);
    } catch (FollowUpRejection rejection) {
      throw ApplicationFailure.newNonRetryableFailure(
          rejection.encode(), FollowUpRejection.TYPE, rejection.field());
    }
  }

  @Override
  public FollowUpState state() {
    return state;
  }

  private boolean continueAsNewDue() {
    WorkflowInfo info = Workflow.getInfo();
    double runDays =
        (Workflow.currentTimeMillis() - info.getRunStartedTimestampMillis()) / 86_400_000d;
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() > options.maxHistoryEvents()
        || runDays > options.maxRunDays();
  }

  /** Every change of the state goes through here, so its revision orders stored projections. */
  private void revise(FollowUpState next) {
    state = next.revised(state.revision());
  }

  private Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private String label() {
    return switch (state.followUpStatus()) {
      case LONG_TERM -> "long-term nurture · " + options.nurtureChannel().wireName();
      default ->
          "step "
              + state.followUpStep()
              + " · "
              + (state.nextChannel() == null ? "-" : state.nextChannel().wireName());
    };
  }

  /** Search attributes (only those that changed) and the markdown the Temporal UI shows. */
  private void publish() {
    OperatorView.publish(state, options);
  }

  // ---- one-off messages (sendMessage) ----------------------------------------------------------

  /** More pending one-off messages than this is a mistake of the caller's, not a plan. */
  static final int MAX_PENDING_MESSAGES = 50;

  /** One-off messages accepted and not sent yet, in the order accepted (carried across runs). */
  private final List<OneOffMessage> pendingMessages = new ArrayList<>();

  /** The ids of the pending messages whose procedure runs in this run. */
  private final Set<String> messagesStarted = new HashSet<>();

  /** One-off sends in flight: continue-as-new waits for them. */
  private int messagesSending;

  @Override
  public OneOffMessage sendMessage(OneOffMessage message) {
    OneOffMessage known = pendingMessage(message.messageId());
    if (known != null) {
      return known;
    }
    OneOffMessage accepted =
        message.sendAt() == null || message.sendAt().isBefore(now())
            ? message.withSendAt(now())
            : message;
    pendingMessages.add(accepted);
    log.info(
        "lead {}: message {} accepted, due {}",
        state.leadId(),
        accepted.messageId(),
        accepted.sendAt());
    return accepted;
  }

  @Override
  public void validateMessage(OneOffMessage message) {
    try {
      if (message == null || message.messageId() == null || message.messageId().isBlank()) {
        throw new FollowUpRejection("message", "a message with an id is required");
      }
      if (pendingMessage(message.messageId()) != null) {
        return;
      }
      if (state.unsubscribed()) {
        throw new FollowUpRejection("optedOut", "lead has opted out of texts");
      }
      if (followUpsOff() && !message.sendWhenOff()) {
        throw new FollowUpRejection(
            "sendWhenOff", "follow-ups are stopped for this lead; set sendWhenOff to send anyway");
      }
      if (pendingMessages.size() >= MAX_PENDING_MESSAGES) {
        throw new FollowUpRejection(
            "message",
            MAX_PENDING_MESSAGES
                + " messages are pending for this lead already; wait for some to go");
      }
    } catch (FollowUpRejection rejection) {
      throw ApplicationFailure.newNonRetryableFailure(
          rejection.encode(), FollowUpRejection.TYPE, rejection.field());
    }
  }

  @Override
  public List<OneOffMessage> pendingMessages() {
    return List.copyOf(pendingMessages);
  }

  /** STOPPED or REPLIED: a one-off message goes only with {@code sendWhenOff}. */
  private boolean followUpsOff() {
    return state.followUpStatus() == FollowUpStatus.STOPPED
        || state.followUpStatus() == FollowUpStatus.REPLIED;
  }

  private OneOffMessage pendingMessage(String messageId) {
    for (OneOffMessage m : pendingMessages) {
      if (m.messageId().equals(messageId)) {
        return m;
      }
    }
    return null;
  }

  /** Starts a procedure for every pending message that has none in this run; runs for the run. */
  private void dispatchMessages() {
    while (true) {
      Workflow.await(
          () -> pendingMessages.stream().anyMatch(m -> !messagesStarted.contains(m.messageId())));
      for (OneOffMessage m : List.copyOf(pendingMessages)) {
        if (messagesStarted.add(m.messageId())) {
          Async.procedure(this::deliverMessage, m.messageId());
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
  private void deliverMessage(String messageId) {
    while (true) {
      OneOffMessage m = pendingMessage(messageId);
      Instant now = now();
      if (m.sendAt().isAfter(now)) {
        Workflow.newTimer(
                Duration.between(now, m.sendAt()),
                TimerOptions.newBuilder()
                    .setSummary("message " + m.shortId() + " due " + m.sendAt())
                    .build())
            .get();
        continue;
      }
      if (!m.overrideBusinessHours()) {
        forgetCallsAndTextsBefore(now.minus(DAY));
        SendSlot slot = sendSlot(Channel.TEXT, now);
        if (slot.at().isAfter(now)) {
          log.info(
              "lead {}: message {} waits for the sending rules until {}",
              state.leadId(),
              messageId,
              slot.at());
          pendingMessages.set(pendingMessages.indexOf(m), m.withSendAt(slot.at()));
          continue;
        }
      }
      break;
    }
    OneOffMessage m = pendingMessage(messageId);
    messagesSending++;
    try {
      SendRequest request =
          SendRequest.oneOff(
              state.leadId(),
              messageId,
              WorkflowIds.messageKey(state.leadId(), messageId),
              state.unsubscribed(),
              m.sendAt());
      SendResult result;
      if (followUpsOff() && !m.sendWhenOff()) {
        // the lead replied or was stopped after the message was accepted
        result =
            recordMessageNotSent(
                request,
                "not sent: follow-ups are "
                    + state.followUpStatus()
                    + " for this lead and sendWhenOff is false");
      } else {
        Instant at = now();
        recentCallsAndTexts.add(at);
        forgetCallsAndTextsBefore(at.minus(DAY));
        result = send(request);
      }
      pendingMessages.remove(m);
      if (m.scheduleFollowUps() && result.status() == DeliveryStatus.SENT) {
        revise(FollowUpSchedule.restart(state, now(), options));
        sendDeferred = false;
        publish();
        saveProjection();
      }
    } finally {
      messagesSending--;
    }
  }

  private SendResult recordMessageNotSent(SendRequest request, String reason) {
    log.info("lead {}: message {} {}", state.leadId(), request.messageId(), reason);
    try {
      return Workflow.newActivityStub(DeliveryRecordActivities.class, RECORD_OPTIONS)
          .recordFailure(request, reason);
    } catch (ActivityFailure failure) {
      return new SendResult(
          request.idempotencyKey(), request.channel(), DeliveryStatus.FAILED, null, null, reason);
    }
  }

  private static String shortId(String messageId) {
    return messageId.length() <= 8 ? messageId : messageId.substring(0, 8);
  }
}

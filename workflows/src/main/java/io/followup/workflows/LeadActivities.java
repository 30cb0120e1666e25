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
import io.followup.workflows.model.FollowUpOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

/**
 * The activities a lead's workflow runs, with their options and what giving up means: a send that
 * gives up is recorded as FAILED, a record or a projection that cannot be written is logged, send
 * rules that cannot be read are asked again later. None of them fails the workflow.
 */
final class LeadActivities {
  private static final Logger log = Workflow.getLogger(LeadActivities.class);

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

  /** The version gate of an email without a window asking the send rules (issue 22). */
  static final String SEND_CONTROLS = "send-controls";

  private final LeadRun run;

  LeadActivities(LeadRun run) {
    this.run = run;
  }

  /** Runs one send; a send that gives up is recorded as FAILED and never fails the workflow. */
  SendResult send(SendRequest request) {
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
      return recordNotSent(request, reason);
    }
  }

  /** Records a send that did not go as FAILED, with the reason. */
  SendResult recordNotSent(SendRequest request, String reason) {
    try {
      return Workflow.newActivityStub(DeliveryRecordActivities.class, RECORD_OPTIONS)
          .recordFailure(request, reason);
    } catch (ActivityFailure recordFailure) {
      log.error("could not record failed send {}", request.idempotencyKey());
      return new SendResult(
          request.idempotencyKey(), request.channel(), DeliveryStatus.FAILED, null, null, reason);
    }
  }

  /** A COMPLIANCE_BLOCKED event; a failure to record it never holds the schedule up. */
  void recordDeferral(SendDeferral deferral) {
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

  /** Stores the state as the lead's projection; the next change refreshes one that failed. */
  void saveProjection() {
    try {
      Workflow.newActivityStub(LeadProjectionActivities.class, PROJECTION_OPTIONS)
          .saveProjection(run.state());
    } catch (ActivityFailure failure) {
      log.warn("could not save the projection of send {}", run.state().sendSeq());
    }
  }

  /** Stores a resume the workflow made on its own, with its event; a failure is only logged. */
  void saveResumed(String reason) {
    try {
      Workflow.newActivityStub(
              LeadProjectionActivities.class,
              ActivityOptions.newBuilder(PROJECTION_OPTIONS)
                  .setSummary("resumed · " + reason)
                  .build())
          .saveResumed(run.state(), reason);
    } catch (ActivityFailure failure) {
      log.warn("could not record the resume of lead {}", run.state().leadId());
    }
  }

  /**
   * The send rules' answer, from the local activity (recorded: replay never evaluates tz rules or
   * reads the lead again). A channel no rule binds (email without a window) asks nothing.
   *
   * @param recentCallsAndTexts what a regional cap counts
   * @param sendKey the key the send will use (its sender's slot is kept under it)
   */
  SendSlot sendSlot(
      Channel channel, Instant notBefore, List<Instant> recentCallsAndTexts, String sendKey) {
    return sendSlot(channel, notBefore, recentCallsAndTexts, sendKey, false);
  }

  /**
   * @param overridesRules a message with {@code overrideBusinessHours}: only the send switch and
   *     the sender's pace hold it
   */
  SendSlot sendSlot(
      Channel channel,
      Instant notBefore,
      List<Instant> recentCallsAndTexts,
      String sendKey,
      boolean overridesRules) {
    FollowUpOptions options = run.options();
    if (!channel.isVoiceOrText()
        && options.windowFor(channel) == null
        // before the send switch, an email without a window asked no rules; now the switch (and
        // its sender's pace) may hold it
        && Workflow.getVersion(SEND_CONTROLS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return SendSlot.now(notBefore);
    }
    SendSlotRequest request =
        new SendSlotRequest(
            run.state().leadId(),
            channel,
            run.state().timezone(),
            options.defaultTimezone(),
            options.windowFor(channel),
            notBefore,
            recentCallsAndTexts,
            sendKey,
            overridesRules ? Boolean.TRUE : null);
    try {
      return Workflow.newLocalActivityStub(SendRulesActivities.class, RULES_OPTIONS)
          .firstAllowedInstant(request);
    } catch (ActivityFailure failure) {
      Instant retry = run.now().plus(RULES_RETRY);
      log.warn("lead {}: send rules unavailable; asking again at {}", run.state().leadId(), retry);
      return new SendSlot(retry, null, null, 0, 0, null);
    }
  }

  private static String shortId(String messageId) {
    return messageId.length() <= 8 ? messageId : messageId.substring(0, 8);
  }
}

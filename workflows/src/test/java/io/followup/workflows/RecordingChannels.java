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
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.schedule.RegionalRule;
import io.followup.workflows.schedule.SendRules;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test double for every channel fleet: records each send with the (virtual) time it ran. */
final class RecordingChannels
    implements TextActivities,
        CallActivities,
        EmailActivities,
        DeliveryRecordActivities,
        LeadProjectionActivities,
        SendRulesActivities {

  record Sent(Instant at, SendRequest request, DeliveryStatus status) {
    /**
     * The send time to the nearest minute: the test service's clock also moves in real time between
     * calls (milliseconds), and the timelines here are in hours.
     */
    Instant atMinute() {
      return Instant.ofEpochSecond(Math.round(at.getEpochSecond() / 60.0) * 60);
    }
  }

  private final TestWorkflowEnvironment env;
  private final List<Sent> sends = new CopyOnWriteArrayList<>();
  private final List<SendRequest> recordedFailures = new CopyOnWriteArrayList<>();
  private final List<FollowUpState> projections = new CopyOnWriteArrayList<>();
  volatile boolean callsAnswered = false;

  /** A machine answers calls, and a call whose step leaves a voicemail leaves it on the call. */
  volatile boolean machineTakesVoicemails = false;

  /**
   * The send rules' view of the lead's phone (the worker's real rules derive both from it): the
   * zones it implies when the lead has no time zone, and its region's rule.
   */
  volatile List<ZoneId> phoneZones = List.of();

  volatile RegionalRule regional;
  private final List<SendSlotRequest> slotRequests = new CopyOnWriteArrayList<>();
  final Set<Channel> failing = EnumSet.noneOf(Channel.class);

  /** How many of the next calls of each kind fail at once (non-retryable): a store that is down. */
  final AtomicInteger rulesDown = new AtomicInteger();

  final AtomicInteger projectionsDown = new AtomicInteger();
  final AtomicInteger recordsDown = new AtomicInteger();

  RecordingChannels(TestWorkflowEnvironment env) {
    this.env = env;
  }

  List<Sent> sends() {
    return List.copyOf(sends);
  }

  List<FollowUpState> projections() {
    return List.copyOf(projections);
  }

  @Override
  public void saveProjection(FollowUpState state) {
    down(projectionsDown);
    projections.add(state);
  }

  record Resumed(Instant at, FollowUpState state, String reason) {}

  private final List<Resumed> resumes = new CopyOnWriteArrayList<>();

  List<Resumed> resumes() {
    return List.copyOf(resumes);
  }

  @Override
  public void saveResumed(FollowUpState state, String reason) {
    down(projectionsDown);
    resumes.add(new Resumed(Instant.ofEpochMilli(env.currentTimeMillis()), state, reason));
    projections.add(state);
  }

  List<SendRequest> recordedFailures() {
    return List.copyOf(recordedFailures);
  }

  private SendResult record(SendRequest request, DeliveryStatus status) {
    if (failing.contains(request.channel())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "provider rejected the number", "InvalidRecipient");
    }
    sends.add(new Sent(Instant.ofEpochMilli(env.currentTimeMillis()), request, status));
    return new SendResult(request.idempotencyKey(), request.channel(), status, null, "p-1", null);
  }

  /** Runs inside a text's activity before it records the send (what happens meanwhile). */
  volatile Runnable duringText;

  @Override
  public SendResult sendText(SendRequest request) {
    Runnable during = duringText;
    if (during != null) {
      during.run();
    }
    return record(request, DeliveryStatus.SENT);
  }

  @Override
  public SendResult placeCall(SendRequest request) {
    if (!callsAnswered && machineTakesVoicemails && request.voicemailEnabled()) {
      return record(request, DeliveryStatus.VOICEMAIL_LEFT);
    }
    return record(request, callsAnswered ? DeliveryStatus.ANSWERED : DeliveryStatus.NO_ANSWER);
  }

  @Override
  public SendResult leaveVoicemail(SendRequest request) {
    return record(request, DeliveryStatus.SENT);
  }

  @Override
  public SendResult sendEmail(SendRequest request) {
    return record(request, DeliveryStatus.SENT);
  }

  @Override
  public SendResult recordFailure(SendRequest request, String reason) {
    down(recordsDown);
    recordedFailures.add(request);
    return new SendResult(
        request.idempotencyKey(), request.channel(), DeliveryStatus.FAILED, null, null, reason);
  }

  record Deferred(Instant at, SendDeferral deferral) {}

  private final List<Deferred> deferrals = new CopyOnWriteArrayList<>();

  List<Deferred> deferrals() {
    return List.copyOf(deferrals);
  }

  @Override
  public void recordDeferral(SendDeferral deferral) {
    deferrals.add(new Deferred(Instant.ofEpochMilli(env.currentTimeMillis()), deferral));
  }

  List<SendSlotRequest> slotRequests() {
    return List.copyOf(slotRequests);
  }

  @Override
  public SendSlot firstAllowedInstant(SendSlotRequest request) {
    down(rulesDown);
    slotRequests.add(request);
    if (request.overrides()) {
      return SendSlot.now(request.notBefore());
    }
    List<ZoneId> zones =
        request.timezone() != null ? List.of(ZoneId.of(request.timezone())) : phoneZones;
    return SendRules.firstAllowed(
        request.notBefore(),
        request.channel(),
        zones,
        ZoneId.of(request.defaultTimezone()),
        request.window(),
        regional,
        request.recentCallsAndTexts());
  }

  private static void down(AtomicInteger failures) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApplicationFailure.newNonRetryableFailure("the store is down", "StoreDown");
    }
  }
}

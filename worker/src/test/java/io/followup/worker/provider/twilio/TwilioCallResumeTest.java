package io.followup.worker.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.followup.worker.provider.twilio.TwilioDouble.BASE;
import static io.followup.worker.provider.twilio.TwilioDouble.CALLS;
import static io.followup.worker.provider.twilio.TwilioDouble.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.activities.CallActivitiesImpl;
import io.followup.worker.activities.Sender;
import io.followup.worker.message.MessageRenderer;
import io.followup.workflows.TaskQueues;
import io.followup.workflows.activities.CallActivities;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The call activity in Temporal's activity environment: it heartbeats the call SID, and the attempt
 * that replaces one that died reads it from the heartbeat details and follows the same call instead
 * of dialling again.
 */
@Timeout(60)
class TwilioCallResumeTest {
  private static final String KEY = "L:1";

  private final TwilioDouble twilio = new TwilioDouble();
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads =
      new InMemoryLeadDirectory()
          .put(new Lead("L", "Ada", "Lovelace", TO, null, "UTC", Map.of(), false, false, null));
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final List<String> heartbeats = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    env.close();
    twilio.close();
  }

  private CallActivities activities() {
    env.registerActivitiesImplementations(
        new CallActivitiesImpl(
            new Sender(ledger, leads, new MessageRenderer(), twilio.provider())));
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
    return env.newActivityStub(
        CallActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CALL)
            .setStartToCloseTimeout(Duration.ofMinutes(3))
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @Test
  void anAttemptThatDiesWhileFollowingTheCallIsResumedFromItsHeartbeat() {
    CallActivities calls = activities();
    SendRequest request = SendRequest.step("L", 1, Channel.CALL, KEY, null, null, true, null);
    twilio.callCreated("CA7");
    // the worker dies while the call rings: its read of the call never comes back
    twilio.stub(
        get(urlEqualTo(BASE + "/Calls/CA7.json"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> calls.placeCall(request)).isInstanceOf(RuntimeException.class);
    assertThat(heartbeats).containsExactly("CA7");
    assertThat(ledger.find(KEY).orElseThrow().pending()).isTrue();

    // the next attempt gets the last heartbeat's details
    twilio.server.resetAll();
    twilio.callGoesThrough(
        "CA7", "ringing", "in-progress machine_end_beep", "completed machine_end_beep 30");
    env.setHeartbeatDetails("CA7");
    SendResult result = calls.placeCall(request);

    assertThat(result.status()).isEqualTo(DeliveryStatus.VOICEMAIL_LEFT);
    assertThat(result.providerId()).isEqualTo("CA7");
    // followed, not dialled again
    assertThat(twilio.posts(CALLS)).isZero();
    assertThat(twilio.posts(BASE + "/Calls/CA7.json")).isEqualTo(1);
    assertThat(ledger.find(KEY).orElseThrow().result().status())
        .isEqualTo(DeliveryStatus.VOICEMAIL_LEFT);
  }

  @Test
  void anAttemptThatDiedAfterLeavingTheVoicemailDoesNotLeaveItAgain() {
    CallActivities calls = activities();
    SendRequest request = SendRequest.step("L", 1, Channel.CALL, KEY, null, null, true, null);
    ledger.claim(KEY, "L", 1, Channel.CALL);
    twilio.callGoesThrough("CA8", "in-progress machine_end_beep", "completed machine_end_beep 30");
    env.setHeartbeatDetails("CA8 VOICEMAIL");

    SendResult result = calls.placeCall(request);

    assertThat(result.status()).isEqualTo(DeliveryStatus.VOICEMAIL_LEFT);
    assertThat(twilio.posts(CALLS)).isZero();
    assertThat(twilio.posts(BASE + "/Calls/CA8.json")).isZero();
  }
}

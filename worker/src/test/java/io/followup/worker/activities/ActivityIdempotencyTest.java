package io.followup.worker.activities;

import static io.followup.worker.support.Envs.config;
import static io.followup.worker.support.Envs.lead;
import static io.followup.worker.support.Envs.startLead;
import static io.followup.worker.support.Envs.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.support.Envs;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ActivityIdempotencyTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private TestWorkflowEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  /** Runs every role in a time-skipping environment with these providers. */
  private void runWorker(ScriptedProvider text, ScriptedProvider voice, ScriptedProvider email) {
    env = Envs.newEnv();
    FollowUpWorker.attach(
        env.getWorkerFactory(),
        WorkerSettings.all(),
        new WorkerDependencies(
            ledger,
            leads,
            new InMemoryLeadProjections(),
            null,
            text,
            voice,
            email,
            null,
            null,
            null,
            null,
            null,
            null));
    env.start();
  }

  private Sender sender(ScriptedProvider provider) {
    return new Sender(ledger, leads, new MessageRenderer(), provider);
  }

  private static SendRequest request(String key, Channel channel) {
    return SendRequest.step("L", 1, channel, key, null, null, false, null);
  }

  private RecordedSend recorded(String key) {
    return ledger.find(key).orElseThrow().result();
  }

  @Test
  void anAttemptRetriedAfterTheProviderTookTheSendSendsOnce() {
    ScriptedProvider text = new ScriptedProvider(Mode.DIE_AFTER_FIRST_HAND_OVER);
    leads.put(lead("L"));
    runWorker(text, new ScriptedProvider(Mode.ACCEPT), new ScriptedProvider(Mode.ACCEPT));

    startLead(env, "L", config(step(0, Channel.TEXT)));
    env.sleep(Duration.ofMinutes(10));

    assertThat(text.attempts()).as("deliver calls").isEqualTo(1);
    assertThat(text.handOvers()).isEqualTo(1);
    assertThat(text.lookups()).as("the retry asked the provider").isEqualTo(1);
    assertThat(recorded("L:1"))
        .extracting(RecordedSend::status, RecordedSend::providerId, RecordedSend::detail)
        .containsExactly(DeliveryStatus.SENT, "p-1", "handed over by an earlier attempt");
  }

  @Test
  void theSameKeyTwiceDeliversOnceAndReturnsTheSameResult() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L"));
    TextActivitiesImpl activities = new TextActivitiesImpl(sender(provider));

    SendResult first = activities.sendText(request("L:1", Channel.TEXT));
    SendResult second = activities.sendText(request("L:1", Channel.TEXT));

    assertThat(first.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(second).isEqualTo(first);
    assertThat(provider.attempts()).isEqualTo(1);
  }

  @Test
  void anOptedOutLeadIsBlockedOnTextsAndCallsAndTheProviderNeverCalled() {
    ScriptedProvider text = new ScriptedProvider(Mode.ACCEPT);
    ScriptedProvider voice = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L").withUnsubscribed(true));
    runWorker(text, voice, new ScriptedProvider(Mode.ACCEPT));

    startLead(env, "L", config(step(1, Channel.TEXT), step(1, Channel.CALL)));
    env.sleep(Duration.ofHours(3));

    assertThat(ledger.listByLead("L"))
        .extracting(LedgerEntry::idempotencyKey, e -> e.result().status())
        .containsExactly(
            tuple("L:1", DeliveryStatus.BLOCKED), tuple("L:2", DeliveryStatus.BLOCKED));
    assertThat(text.attempts() + voice.attempts() + text.lookups() + voice.lookups()).isZero();
  }

  @Test
  void aPermanentFailureIsRecordedFailedNotRetriedAndTheNextStepRuns() {
    ScriptedProvider text = new ScriptedProvider(Mode.REJECT);
    ScriptedProvider email = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L"));
    runWorker(text, new ScriptedProvider(Mode.ACCEPT), email);

    startLead(env, "L", config(step(1, Channel.TEXT), step(1, Channel.EMAIL)));
    env.sleep(Duration.ofHours(3));

    assertThat(recorded("L:1"))
        .extracting(RecordedSend::status, RecordedSend::detail)
        .containsExactly(DeliveryStatus.FAILED, "invalid number");
    assertThat(text.attempts()).as("not retried").isEqualTo(1);
    assertThat(recorded("L:2").status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(email.handOvers()).isEqualTo(1);
  }

  @Test
  void aProviderDownPastItsRetriesIsRecordedUnconfirmedAndTheNextStepRuns() {
    ScriptedProvider text = new ScriptedProvider(Mode.DOWN);
    ScriptedProvider email = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L"));
    runWorker(text, new ScriptedProvider(Mode.ACCEPT), email);

    startLead(env, "L", config(step(1, Channel.TEXT), step(1, Channel.EMAIL)));
    env.sleep(Duration.ofHours(3));

    assertThat(text.attempts()).as("Temporal retried").isGreaterThan(1);
    // each attempt's error may have come after the provider took it (not a refusal): unconfirmed
    assertThat(recorded("L:1").status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(recorded("L:1").detail())
        .startsWith("the provider may have it; not resent: ")
        .contains("provider unavailable");
    assertThat(recorded("L:2").status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(email.handOvers()).isEqualTo(1);
  }

  @Test
  void aTransientFailureLeavesTheClaimPendingAndThrows() {
    ScriptedProvider provider = new ScriptedProvider(Mode.DOWN);
    leads.put(lead("L"));

    assertThatThrownBy(
            () -> new TextActivitiesImpl(sender(provider)).sendText(request("L:1", Channel.TEXT)))
        .isInstanceOf(ProviderException.class);
    assertThat(ledger.find("L:1").orElseThrow().pending()).isTrue();
  }

  @Test
  void aProviderThatCannotConfirmIsNotAskedToSendAgain() {
    ScriptedProvider provider = new ScriptedProvider(Mode.DIE_AFTER_FIRST_HAND_OVER, false, true);
    leads.put(lead("L"));
    TextActivitiesImpl activities = new TextActivitiesImpl(sender(provider));

    assertThatThrownBy(() -> activities.sendText(request("L:1", Channel.TEXT)))
        .isInstanceOf(ProviderException.class);
    SendResult retried = activities.sendText(request("L:1", Channel.TEXT));

    assertThat(retried.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(provider.attempts()).isEqualTo(1);
  }

  @Test
  void anAttemptThatDiedBeforeTheHandOverIsSentByItsRetry() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT, false, true);
    AtomicInteger lookups = new AtomicInteger();
    LeadDirectory flaky =
        new LeadDirectory() {
          @Override
          public Optional<Lead> find(String id) {
            if (lookups.incrementAndGet() == 1) {
              throw new IllegalStateException("lead store unavailable");
            }
            return Optional.of(lead(id));
          }

          @Override
          public boolean doNotContact(String phone) {
            return false;
          }
        };
    TextActivitiesImpl activities =
        new TextActivitiesImpl(new Sender(ledger, flaky, new MessageRenderer(), provider));

    assertThatThrownBy(() -> activities.sendText(request("L:1", Channel.TEXT)))
        .hasMessageContaining("lead store unavailable");
    SendResult retried = activities.sendText(request("L:1", Channel.TEXT));

    assertThat(retried.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handOvers()).isEqualTo(1);
  }
}

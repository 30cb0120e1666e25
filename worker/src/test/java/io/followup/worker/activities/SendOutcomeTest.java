package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.domain.strategy.InMemoryStrategyCatalog;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.Templates;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What one send records and returns, called directly (no Temporal). */
class SendOutcomeTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();

  private Sender sender(ChannelProvider provider) {
    return new Sender(ledger, leads, new MessageRenderer(), provider);
  }

  private static SendRequest request(String key, Channel channel) {
    return SendRequest.step("L", 1, channel, key, null, null, false, null);
  }

  private RecordedSend recorded(String key) {
    return ledger.find(key).orElseThrow().result();
  }

  @Test
  void aOneOffMessageIsSentAsWrittenUnderItsOwnKeyAndIsBlockedForAnOptedOutLead() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L")).putMessage("L", "m1", "Hi {{firstName}}: literal");
    TextActivitiesImpl texts = new TextActivitiesImpl(sender(provider));

    SendResult sent = texts.sendText(SendRequest.oneOff("L", "m1", "L:msg:m1", null, null));
    assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handedOver)
        .singleElement()
        .satisfies(d -> assertThat(d.body()).isEqualTo("Hi {{firstName}}: literal"));
    assertThat(recorded("L:msg:m1").content()).isEqualTo("Hi {{firstName}}: literal");
    assertThat(ledger.find("L:msg:m1").orElseThrow().followUpStep()).isEqualTo(SendRequest.ONE_OFF);
    // the same key again: the ledger's result, nothing handed over
    texts.sendText(SendRequest.oneOff("L", "m1", "L:msg:m1", null, null));
    assertThat(provider.handedOver).hasSize(1);

    leads.put(lead("L").withUnsubscribed(true));
    leads.putMessage("L", "m2", "later");
    assertThat(texts.sendText(SendRequest.oneOff("L", "m2", "L:msg:m2", null, null)).status())
        .isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(provider.handedOver).hasSize(1);
  }

  /** hours 0: the step may come due before the create commits; retried without a WARN trace. */
  @Test
  void aLeadNotStoredYetIsABenignRetryableFailure() {
    TextActivitiesImpl texts = new TextActivitiesImpl(sender(new ScriptedProvider(Mode.ACCEPT)));
    assertThatThrownBy(
            () ->
                texts.sendText(
                    SendRequest.step("NEW", 1, Channel.TEXT, "NEW:1", null, null, false, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(Sender.LEAD_NOT_STORED_YET);
              assertThat(failure.isNonRetryable()).isFalse();
              assertThat(failure.getCategory()).isEqualTo(ApplicationErrorCategory.BENIGN);
            });
    assertThat(ledger.find("NEW:1")).isEmpty();
  }

  @Test
  void aOneOffMessageWhoseTextIsNotStoredYetIsRetried() {
    leads.put(lead("L"));
    TextActivitiesImpl texts = new TextActivitiesImpl(sender(new ScriptedProvider(Mode.ACCEPT)));
    assertThatThrownBy(
            () -> texts.sendText(SendRequest.oneOff("L", "gone", "L:msg:gone", null, null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.find("L:msg:gone")).isEmpty();
  }

  /**
   * The stored flag alone decides: a workflow that never learned a START (Temporal was unreachable
   * when it came) still says opted out, and the call goes.
   */
  @Test
  void theStoredOptOutDecidesNotTheWorkflowsView() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L"));

    SendResult result =
        new CallActivitiesImpl(sender(provider)).placeCall(request("L:1", Channel.CALL));

    assertThat(result.status()).isNotEqualTo(DeliveryStatus.BLOCKED);
    assertThat(provider.attempts()).isEqualTo(1);

    // and a stored opt-out blocks whatever the workflow thinks
    leads.put(lead("M").withUnsubscribed(true));
    SendResult blocked =
        new CallActivitiesImpl(sender(provider))
            .placeCall(SendRequest.step("M", 1, Channel.CALL, "M:1", null, null, false, null));
    assertThat(blocked.status()).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(provider.attempts()).isEqualTo(1);
  }

  @Test
  void anOptedOutLeadStillGetsEmail() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L").withUnsubscribed(true));

    SendResult result =
        new EmailActivitiesImpl(sender(provider)).sendEmail(request("L:1", Channel.EMAIL));

    assertThat(result.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handedOver)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.to()).isEqualTo("ada@example.com");
              assertThat(d.subject()).isEqualTo("Following up, Ada");
            });
  }

  @Test
  void anEmailToALeadUnsubscribedFromEmailIsBlockedAndTextsStillGo() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L").withEmailUnsubscribed(true));

    SendResult email =
        new EmailActivitiesImpl(sender(provider)).sendEmail(request("L:1", Channel.EMAIL));
    SendResult text =
        new TextActivitiesImpl(sender(provider)).sendText(request("L:2", Channel.TEXT));

    assertThat(email)
        .extracting(SendResult::status, SendResult::detail)
        .containsExactly(DeliveryStatus.BLOCKED, "the lead unsubscribed from email");
    assertThat(recorded("L:1").status()).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(text.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handedOver)
        .singleElement()
        .extracting(Delivery::channel)
        .isEqualTo(Channel.TEXT);
  }

  @Test
  void anEmailCarriesTheLeadsUnsubscribeLinkAndATextNone() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(lead("L"));
    UnsubscribeTokens tokens = new UnsubscribeTokens("a-send-test-secret-of-32-bytes!!".getBytes());
    Sender linked =
        new Sender(
            ledger,
            leads,
            new MessageRenderer(),
            provider,
            new SendMeters(new CompositeMeterRegistry()),
            Clock.systemUTC(),
            new UnsubscribeLinks("https://f.example", tokens));

    new EmailActivitiesImpl(linked).sendEmail(request("L:1", Channel.EMAIL));
    new TextActivitiesImpl(linked).sendText(request("L:2", Channel.TEXT));
    new EmailActivitiesImpl(sender(provider)).sendEmail(request("L:3", Channel.EMAIL));

    assertThat(provider.handedOver)
        .extracting(d -> d.unsubscribeUrl() == null ? null : d.unsubscribeUrl().toString())
        .containsExactly("https://f.example/v1/unsubscribe/" + tokens.sign("L"), null, null);
  }

  @Test
  void aCallReportsWhetherItWasAnswered() {
    leads.put(lead("L"));
    CallActivitiesImpl answered =
        new CallActivitiesImpl(sender(new ScriptedProvider(Mode.ACCEPT, true, true)));
    CallActivitiesImpl unanswered =
        new CallActivitiesImpl(sender(new ScriptedProvider(Mode.ACCEPT, true, false)));

    assertThat(answered.placeCall(request("L:1", Channel.CALL)).status())
        .isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(unanswered.placeCall(request("L:2", Channel.CALL)).status())
        .isEqualTo(DeliveryStatus.NO_ANSWER);
    assertThat(unanswered.leaveVoicemail(request("L:2:voicemail", Channel.VOICEMAIL)).status())
        .isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void aMissingRecipientIsRecordedFailedWithItsReason() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    leads.put(new Lead("L", "Ada", null, "+15555550100", null, null, null, false, false, null));
    EmailActivitiesImpl email = new EmailActivitiesImpl(sender(provider));

    SendResult noAddress = email.sendEmail(request("L:1", Channel.EMAIL));

    assertThat(noAddress)
        .extracting(SendResult::status, SendResult::detail)
        .containsExactly(DeliveryStatus.FAILED, "the lead has no email address");
    assertThat(provider.attempts()).isZero();
  }

  /**
   * A create whose first step is due at once (hours 0) can run its send before the create's
   * transaction commits: the lead is not found yet. The attempt fails and is retried, with nothing
   * claimed; the workflow records FAILED only when the retries run out.
   */
  @Test
  void aLeadNotFoundYetIsRetriedWithNothingClaimed() {
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    EmailActivitiesImpl email = new EmailActivitiesImpl(sender(provider));
    SendRequest early =
        SendRequest.step("late", 1, Channel.EMAIL, "late:1", null, null, false, null);

    assertThatThrownBy(() -> email.sendEmail(early)).hasMessageContaining("not found");
    assertThat(ledger.find("late:1")).isEmpty();

    leads.put(
        new Lead("late", "Ada", null, null, "ada@example.com", null, null, false, false, null));
    assertThat(email.sendEmail(early).status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.attempts()).isEqualTo(1);
  }

  /** A call's duration reaches the ledger (its call.completed webhook), never the workflow. */
  @Test
  void aCallsDurationIsRecordedWithTheSendAndNotReturnedToTheWorkflow() {
    leads.put(lead("L"));
    ChannelProvider timed =
        new ChannelProvider() {
          @Override
          public ProviderReceipt deliver(Delivery delivery) {
            return new ProviderReceipt("CA7", DeliveryStatus.ANSWERED, "call completed", 37);
          }

          @Override
          public java.util.Optional<ProviderReceipt> lookup(String idempotencyKey) {
            return java.util.Optional.empty();
          }
        };

    SendResult result =
        new CallActivitiesImpl(sender(timed)).placeCall(request("L:1", Channel.CALL));

    assertThat(result.status()).isEqualTo(DeliveryStatus.ANSWERED);
    assertThat(recorded("L:1").durationSeconds()).isEqualTo(37);
    assertThat(SendResult.class.getRecordComponents())
        .extracting(java.lang.reflect.RecordComponent::getName)
        .doesNotContain("durationSeconds");
  }

  @Test
  void theContentStaysInTheLedgerAndTheChosenStrategyIsRecorded() {
    leads.put(lead("L"));
    InMemoryStrategyCatalog catalog =
        new InMemoryStrategyCatalog()
            .put(InMemoryStrategyCatalog.text("s-7", "Hi {{firstName}}, seven here"));
    TextActivitiesImpl activities =
        new TextActivitiesImpl(
            new Sender(
                ledger,
                leads,
                new MessageRenderer().withStrategies(catalog),
                new ScriptedProvider(Mode.ACCEPT)));

    SendResult result =
        activities.sendText(
            SendRequest.step(
                "L", 1, Channel.TEXT, "L:1", List.of("s-7", "s-8"), null, false, null));

    assertThat(SendResult.class.getRecordComponents())
        .as("no personal data back to the workflow history, by type")
        .extracting(java.lang.reflect.RecordComponent::getName)
        .doesNotContain("content");
    assertThat(result.strategyId()).isEqualTo("s-7");
    assertThat(recorded("L:1").content()).isEqualTo("Hi Ada, seven here");
    assertThat(recorded("L:1").strategyId()).isEqualTo("s-7");
  }

  @Test
  void recordFailureKeepsACompletedResultAndRecordsAnOpenOneFailed() {
    leads.put(lead("L"));
    new TextActivitiesImpl(sender(new ScriptedProvider(Mode.ACCEPT)))
        .sendText(request("L:1", Channel.TEXT));
    DeliveryRecordActivitiesImpl records = new DeliveryRecordActivitiesImpl(ledger);

    SendResult kept = records.recordFailure(request("L:1", Channel.TEXT), "gave up");
    SendResult failed = records.recordFailure(request("L:2", Channel.TEXT), "gave up");

    assertThat(kept.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(failed)
        .extracting(SendResult::status, SendResult::detail)
        .containsExactly(DeliveryStatus.FAILED, "gave up");
    assertThat(recorded("L:2").status()).isEqualTo(DeliveryStatus.FAILED);
  }

  @Test
  void recordFailureOfAKeyAnAttemptClaimedAndNeverSettledIsUnconfirmed() {
    // the last attempt's hand-over answer was lost (or the provider could not be asked after it):
    // the provider may have the text, so the give-up is no FAILED, and nothing is sent again
    ledger.claim("L:3", "L", 1, Channel.TEXT);
    DeliveryRecordActivitiesImpl records = new DeliveryRecordActivitiesImpl(ledger);

    SendResult result = records.recordFailure(request("L:3", Channel.TEXT), "gave up");

    assertThat(result.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(result.detail()).isEqualTo("the provider may have it; not resent: gave up");
    assertThat(recorded("L:3").status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
  }

  @Test
  void recordDeferralKeepsTheDeferredSendInTheLedgerOnce() {
    DeliveryRecordActivitiesImpl records = new DeliveryRecordActivitiesImpl(ledger);
    SendDeferral deferral =
        new SendDeferral(
            "L",
            "L:3",
            3,
            Channel.TEXT,
            SendDeferral.DAILY_CAP,
            Instant.parse("2026-01-06T12:00:03Z"),
            2,
            2,
            null);

    records.recordDeferral(deferral);
    records.recordDeferral(deferral);

    assertThat(ledger.deferralsOf("L")).containsExactly(deferral);
    assertThat(ledger.find("L:3")).as("a deferral claims no key").isEmpty();
  }

  /** SMTP-like: cannot look a send up; fails the first attempt, then takes the send. */
  private static final class FailsOnce implements ChannelProvider {
    final List<Delivery> handedOver = new ArrayList<>();
    private final ProviderException failure;
    private int attempts;

    FailsOnce(ProviderException failure) {
      this.failure = failure;
    }

    @Override
    public ProviderReceipt deliver(Delivery delivery) {
      if (attempts++ == 0) {
        throw failure;
      }
      handedOver.add(delivery);
      return ProviderReceipt.sent("m-" + attempts);
    }

    @Override
    public Optional<ProviderReceipt> lookup(String idempotencyKey) {
      return Optional.empty();
    }

    @Override
    public boolean confirmsDeliveries() {
      return false;
    }
  }

  @Test
  void aSendTheProviderCertainlyDidNotTakeIsSentByTheRetry() {
    leads.put(lead("L"));
    FailsOnce provider = new FailsOnce(ProviderException.notSent("connection refused", null));
    EmailActivitiesImpl email = new EmailActivitiesImpl(sender(provider));

    assertThatThrownBy(() -> email.sendEmail(request("L:1", Channel.EMAIL)))
        .isInstanceOf(ProviderException.class);
    assertThat(ledger.find("L:1")).as("the claim is released").isEmpty();
    SendResult retried = email.sendEmail(request("L:1", Channel.EMAIL));

    assertThat(retried.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handedOver).hasSize(1);
  }

  @Test
  void aSendCutOffMidWayIsUnconfirmedNotResentByAProviderThatCannotTell() {
    leads.put(lead("L"));
    FailsOnce provider = new FailsOnce(ProviderException.temporary("connection lost after DATA"));
    EmailActivitiesImpl email = new EmailActivitiesImpl(sender(provider));

    assertThatThrownBy(() -> email.sendEmail(request("L:1", Channel.EMAIL)))
        .isInstanceOf(ProviderException.class);
    SendResult retried = email.sendEmail(request("L:1", Channel.EMAIL));

    assertThat(retried.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(provider.handedOver).isEmpty();
  }

  @Test
  void theHtmlBodyReachesTheProvider() {
    leads.put(lead("L"));
    ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
    Templates templates =
        Templates.of(
            "t", "c", "v", "Hi {{firstName}}", "Text {{firstName}}", "<p>{{firstName}}</p>");

    new EmailActivitiesImpl(new Sender(ledger, leads, new MessageRenderer(templates), provider))
        .sendEmail(request("L:1", Channel.EMAIL));

    assertThat(provider.handedOver)
        .singleElement()
        .isEqualTo(
            new Delivery(
                Channel.EMAIL,
                "L:1",
                "ada@example.com",
                "Hi Ada",
                "Text Ada",
                "<p>Ada</p>",
                null,
                null,
                null));
    assertThat(recorded("L:1").subject()).isEqualTo("Hi Ada");
    assertThat(recorded("L:1").content()).isEqualTo("Text Ada");
  }
}

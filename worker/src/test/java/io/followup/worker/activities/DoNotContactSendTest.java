package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A number on the Do-Not-Contact list is never texted or called, whichever lead has it: the send is
 * recorded BLOCKED with reason DNC before anything reaches the provider. Email is not a phone's.
 */
class DoNotContactSendTest {
  private static final String PHONE = "+15555550100"; // Envs.lead's phone

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Sender sender =
      new Sender(
          ledger,
          leads,
          new MessageRenderer(),
          provider,
          new SendMeters(registry),
          Clock.systemUTC());

  private static SendRequest request(String key, Channel channel) {
    return SendRequest.step("L", 1, channel, key, null, null, false, null);
  }

  private RecordedSend recorded(String key) {
    return ledger.find(key).orElseThrow().result();
  }

  @Test
  void aTextAndACallToAListedNumberAreBlockedWithReasonDncAndNeverHandedOver() {
    leads.put(lead("L")).listDoNotContact(PHONE);

    assertThat(new TextActivitiesImpl(sender).sendText(request("L:1", Channel.TEXT)).status())
        .isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(new CallActivitiesImpl(sender).placeCall(request("L:2", Channel.CALL)).status())
        .isEqualTo(DeliveryStatus.BLOCKED);

    assertThat(provider.attempts()).isZero();
    assertThat(recorded("L:1").reason()).isEqualTo(BlockReason.DNC);
    assertThat(recorded("L:1").detail()).contains("Do-Not-Contact");
    assertThat(recorded("L:2").reason()).isEqualTo(BlockReason.DNC);
    assertThat(
            registry
                .get(SendMeters.COMPLIANCE_BLOCKS)
                .tag("reason", BlockReason.DNC)
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get(SendMeters.COMPLIANCE_BLOCKS)
                .tag("reason", BlockReason.OPTED_OUT)
                .counter()
                .count())
        .isZero();
  }

  @Test
  void aNumberListedAfterTheLeadWasCreatedCountsFromItsNextSend() {
    leads.put(lead("L"));
    TextActivitiesImpl texts = new TextActivitiesImpl(sender);

    assertThat(texts.sendText(request("L:1", Channel.TEXT)).status())
        .isEqualTo(DeliveryStatus.SENT);
    leads.listDoNotContact(PHONE);
    assertThat(texts.sendText(request("L:2", Channel.TEXT)).status())
        .isEqualTo(DeliveryStatus.BLOCKED);

    assertThat(provider.handedOver).hasSize(1);
    assertThat(recorded("L:2").reason()).isEqualTo(BlockReason.DNC);
  }

  @Test
  void anEmailToALeadWhosePhoneIsListedIsSent() {
    leads.put(lead("L")).listDoNotContact(PHONE);

    assertThat(new EmailActivitiesImpl(sender).sendEmail(request("L:1", Channel.EMAIL)).status())
        .isEqualTo(DeliveryStatus.SENT);
    assertThat(provider.handedOver).hasSize(1);
  }

  @Test
  void anOptedOutLeadOnTheListIsBlockedAsOptedOut() {
    leads.put(lead("L").withUnsubscribed(true)).listDoNotContact(PHONE);

    new TextActivitiesImpl(sender).sendText(request("L:1", Channel.TEXT));

    assertThat(recorded("L:1").reason()).isEqualTo(BlockReason.OPTED_OUT);
    assertThat(provider.attempts()).isZero();
  }
}

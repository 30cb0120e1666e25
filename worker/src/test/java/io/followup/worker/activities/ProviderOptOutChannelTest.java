package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A provider that refuses the number as unsubscribed (Twilio's 21610) opts the lead out on the
 * channel of the refused send: {@code sms} for a text, {@code call} for a call (the optOut
 * webhook's {@code channel}).
 */
class ProviderOptOutChannelTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();

  private static final ChannelProvider UNSUBSCRIBED =
      new ChannelProvider() {
        @Override
        public ProviderReceipt deliver(Delivery delivery) {
          throw ProviderException.recipientOptedOut("the recipient unsubscribed", "TWILIO_21610");
        }

        @Override
        public Optional<ProviderReceipt> lookup(String idempotencyKey) {
          return Optional.empty();
        }
      };

  private Sender sender() {
    return new Sender(ledger, leads, new MessageRenderer(), UNSUBSCRIBED);
  }

  @Test
  void aRefusedCallOptsTheLeadOutOnChannelCall() {
    leads.put(lead("L"));

    assertThat(
            new CallActivitiesImpl(sender())
                .placeCall(SendRequest.step("L", 1, Channel.CALL, "L:1", null, null, false, null))
                .status())
        .isEqualTo(DeliveryStatus.BLOCKED);

    assertThat(leads.optOuts()).containsExactly("L call TWILIO_21610");
    assertThat(ledger.find("L:1").orElseThrow().result().reason()).isEqualTo(BlockReason.OPTED_OUT);
  }

  @Test
  void aRefusedTextOptsTheLeadOutOnChannelSms() {
    leads.put(lead("L"));

    new TextActivitiesImpl(sender())
        .sendText(SendRequest.step("L", 1, Channel.TEXT, "L:1", null, null, false, null));

    assertThat(leads.optOuts()).containsExactly("L sms TWILIO_21610");
  }
}

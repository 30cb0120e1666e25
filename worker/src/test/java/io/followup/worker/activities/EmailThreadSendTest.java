package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.unsubscribe.ReplyAddresses;
import io.followup.domain.unsubscribe.ReplyTokens;
import io.followup.domain.unsubscribe.UnsubscribeLinks;
import io.followup.worker.check.ComplianceCheck;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Follow-up emails carry the lead's reply address and go in the lead's thread: the second answers
 * the first's Message-ID and takes "Re: " + its subject (issue 21).
 */
class EmailThreadSendTest {
  private static final String LEAD = "3f1c2b9e-8d7a-4c5b-9e0f-112233445566";
  private static final ReplyTokens TOKENS =
      new ReplyTokens("a secret of sixteen+ bytes".getBytes(StandardCharsets.UTF_8));

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final List<Delivery> handedOver = new CopyOnWriteArrayList<>();

  private final ChannelProvider smtpLike =
      new ChannelProvider() {
        @Override
        public ProviderReceipt deliver(Delivery delivery) {
          handedOver.add(delivery);
          return ProviderReceipt.sent("<" + delivery.idempotencyKey() + ".followup@example.com>");
        }

        @Override
        public Optional<ProviderReceipt> lookup(String idempotencyKey) {
          return Optional.empty();
        }
      };

  private Sender sender(ReplyAddresses replies) {
    return new Sender(
        ledger,
        leads,
        new MessageRenderer(),
        smtpLike,
        new SendMeters(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        UnsubscribeLinks.none(),
        ComplianceCheck.NONE,
        replies);
  }

  private static SendRequest request(String key, int step) {
    return SendRequest.step(LEAD, step, Channel.EMAIL, key, null, null, false, null);
  }

  @Test
  void theSecondEmailAnswersTheFirstAndEveryOneCarriesTheReplyAddress() {
    leads.put(lead(LEAD));
    Sender sender = sender(new ReplyAddresses("replies@example.com", TOKENS));

    sender.send(request(LEAD + ":1", 1), Channel.EMAIL);
    sender.send(request(LEAD + ":2", 2), Channel.EMAIL);

    Delivery first = handedOver.get(0);
    Delivery second = handedOver.get(1);
    assertThat(first.inReplyTo()).isNull();
    assertThat(first.replyTo()).startsWith("replies+").endsWith("@example.com");
    assertThat(TOKENS.leadOf(first.replyTo())).contains(LEAD);
    assertThat(second.replyTo()).isEqualTo(first.replyTo());
    assertThat(second.inReplyTo()).isEqualTo("<" + LEAD + ":1.followup@example.com>");
    assertThat(second.subject()).isEqualTo("Re: " + first.subject());
    assertThat(ledger.find(LEAD + ":2").orElseThrow().result().subject())
        .as("the ledger keeps what was sent")
        .isEqualTo(second.subject());
  }

  @Test
  void withoutAReplyMailboxThereIsNoReplyToButStillAThread() {
    leads.put(lead(LEAD));
    Sender sender = sender(ReplyAddresses.none());

    sender.send(request(LEAD + ":1", 1), Channel.EMAIL);
    sender.send(request(LEAD + ":2", 2), Channel.EMAIL);

    assertThat(handedOver).extracting(Delivery::replyTo).containsOnlyNulls();
    assertThat(handedOver.get(1).inReplyTo()).isEqualTo("<" + LEAD + ":1.followup@example.com>");
  }
}

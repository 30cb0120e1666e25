package io.followup.worker.activities;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * SPEC "Compliance", delivery inside the window: the text carries when the lead's window closes to
 * the provider; one whose window closed before the hand-over (retries, a slow queue) is not sent.
 */
class TextValidityTest {
  private static final Instant NOW = Instant.parse("2026-12-07T20:59:00Z");

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
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static SendRequest text(String key, Instant validUntil) {
    return SendRequest.step("L", 1, Channel.TEXT, key, null, null, false, validUntil);
  }

  @Test
  void theProviderIsToldWhenTheWindowCloses() {
    leads.put(lead("L"));
    Instant closes = NOW.plusSeconds(60);

    assertThat(new TextActivitiesImpl(sender).sendText(text("L:1", closes)).status())
        .isEqualTo(DeliveryStatus.SENT);

    assertThat(provider.handedOver).hasSize(1);
    assertThat(provider.handedOver.get(0).validUntil()).isEqualTo(closes);
  }

  @Test
  void aTextWhoseWindowClosedBeforeTheHandOverIsBlocked() {
    leads.put(lead("L"));

    assertThat(new TextActivitiesImpl(sender).sendText(text("L:1", NOW)).status())
        .isEqualTo(DeliveryStatus.BLOCKED);

    assertThat(provider.attempts()).isZero();
    assertThat(ledger.find("L:1").orElseThrow().result().reason())
        .isEqualTo(BlockReason.WINDOW_CLOSED);
  }
}

package io.followup.worker.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.RecordedSend;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.Templates;
import io.followup.worker.metrics.SendMeters;
import io.followup.worker.support.ScriptedProvider;
import io.followup.worker.support.ScriptedProvider.Mode;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.followup.workflows.model.Channel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A text whose render passes its 1,600 characters (two nested sections over 30 items, the review's
 * case one level shallower) is recorded FAILED with the limit as its reason, once: nothing is
 * claimed or handed over, and a retry of the activity answers the recorded result without rendering
 * again.
 */
class RenderLimitSendTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final ScriptedProvider provider = new ScriptedProvider(Mode.ACCEPT);
  private final Sender sender =
      new Sender(
          ledger,
          leads,
          new MessageRenderer(
              Templates.of(
                  "{{#additionalInfo.items}}{{#additionalInfo.items}}{{n}} {{/additionalInfo.items}}"
                      + "{{/additionalInfo.items}}",
                  "call",
                  "voicemail",
                  "subject",
                  "text",
                  null)),
          provider,
          new SendMeters(new SimpleMeterRegistry()),
          Clock.systemUTC());

  private static Lead leadWith30Items() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(Map.of("n", "item " + i));
    }
    return new Lead(
        "L",
        "Ada",
        "Lovelace",
        "+15555550100",
        "ada@example.com",
        "UTC",
        Map.of("items", items),
        false,
        false,
        null);
  }

  @Test
  void aTextOverItsLimitIsFailedOnceAndNeverRenderedAgain() {
    leads.put(leadWith30Items());
    TextActivitiesImpl texts = new TextActivitiesImpl(sender);
    SendRequest request = SendRequest.step("L", 1, Channel.TEXT, "L:1", null, null, false, null);

    SendResult first = texts.sendText(request);

    assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
    RecordedSend recorded = ledger.find("L:1").orElseThrow().result();
    assertThat(recorded.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(recorded.detail())
        .isEqualTo("the rendered message is over 1600 characters (its limit)");
    assertThat(provider.attempts()).isZero();

    // a retry of the same send (Temporal's, or a resumed run's) finds it recorded
    leads.put(leadWith30Items());
    assertThat(texts.sendText(request)).isEqualTo(first);
    assertThat(provider.attempts()).isZero();
  }

  /**
   * A call whose voicemail renders over its 4,000 characters: FAILED before anything is claimed or
   * dialled, like the message itself, and a retry renders nothing again.
   */
  @Test
  void aCallWhoseVoicemailIsOverItsLimitIsFailedBeforeItIsPlaced() {
    Sender calls =
        new Sender(
            ledger,
            leads,
            new MessageRenderer(
                Templates.of(
                    "text",
                    "call",
                    "{{#additionalInfo.items}}{{#additionalInfo.items}}{{n}} "
                        + "{{/additionalInfo.items}}{{/additionalInfo.items}}",
                    "subject",
                    "text",
                    null)),
            provider,
            new SendMeters(new SimpleMeterRegistry()),
            Clock.systemUTC());
    leads.put(leadWith30Items());
    CallActivitiesImpl call = new CallActivitiesImpl(calls);
    SendRequest request = SendRequest.step("L", 1, Channel.CALL, "L:1", null, null, true, null);

    SendResult first = call.placeCall(request);

    assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(ledger.find("L:1").orElseThrow().result().detail())
        .isEqualTo("the rendered message is over 4000 characters (its limit)");
    assertThat(provider.attempts()).isZero();
    assertThat(call.placeCall(request)).isEqualTo(first);
    assertThat(provider.attempts()).isZero();
  }
}

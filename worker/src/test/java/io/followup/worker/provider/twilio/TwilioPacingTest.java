package io.followup.worker.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.followup.worker.provider.twilio.TwilioDouble.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.sends.SenderPace;
import io.followup.worker.activities.Sender;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.provider.PacedProvider;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TEXT_MAX_PER_SECOND_PER_NUMBER at the provider: 12 texts handed to 8 worker threads at once, one
 * from number, 4 a second. The Twilio double's request log is the proof.
 */
@Timeout(60)
class TwilioPacingTest {
  private static final int PER_SECOND = 4;
  private static final int TEXTS = 12;

  private final TwilioDouble twilio = new TwilioDouble();
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();

  @AfterEach
  void stop() {
    twilio.close();
  }

  @Test
  void theDoubleSeesAtMostTheConfiguredRateFromTheNumber() throws Exception {
    SenderPace pace = SenderPace.perSecond("text:" + TwilioDouble.FROM, PER_SECOND);
    Sender sender =
        new Sender(
            ledger,
            leads,
            new MessageRenderer(),
            new PacedProvider(twilio.provider(), pace.spacing()));
    twilio.messageCreated("SM1", "Hi");
    // the process's first request loads the SDK's classes (a quarter of a second here): warm up
    // first, so the log shows the pace, not the start-up
    leads.put(
        new Lead(
            "W", "Ada", "Lovelace", TwilioDouble.TO, null, "UTC", Map.of(), false, false, null));
    sender.send(
        SendRequest.step("W", 1, Channel.TEXT, "W:1", null, null, false, null), Channel.TEXT);
    Thread.sleep(pace.spacing().toMillis());
    twilio.server.resetRequests();
    List<Callable<DeliveryStatus>> sends = new ArrayList<>();
    for (int i = 0; i < TEXTS; i++) {
      String id = "L" + i;
      leads.put(
          new Lead(
              id, "Ada", "Lovelace", TwilioDouble.TO, null, "UTC", Map.of(), false, false, null));
      SendRequest text = SendRequest.step(id, 1, Channel.TEXT, id + ":1", null, null, false, null);
      sends.add(() -> sender.send(text, Channel.TEXT).status());
    }
    ExecutorService workers = Executors.newFixedThreadPool(8);
    try {
      for (Future<DeliveryStatus> sent : workers.invokeAll(sends)) {
        assertThat(sent.get()).isEqualTo(DeliveryStatus.SENT);
      }
    } finally {
      workers.shutdownNow();
    }

    List<Long> received =
        twilio.server.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
            .map(LoggedRequest::getLoggedDate)
            .map(java.util.Date::getTime)
            .sorted()
            .toList();
    assertThat(received).hasSize(TEXTS);
    // any PER_SECOND + 1 consecutive requests span a second or more: the hand-overs are spaced
    // exactly; the double logs arrivals, which the HTTP path shifts by a few ms (100 ms of slack
    // on a loaded machine). Unpaced, all 12 arrive within about 100 ms.
    for (int i = PER_SECOND; i < received.size(); i++) {
      assertThat(received.get(i) - received.get(i - PER_SECOND))
          .as("requests %d to %d", i - PER_SECOND, i)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toMillis() - 100);
    }
    // and the whole burst took as long as the pace says, not longer than needed
    assertThat(received.get(TEXTS - 1) - received.get(0)).isBetween(2_750L - 100, 2_750L + 1_500);
  }
}

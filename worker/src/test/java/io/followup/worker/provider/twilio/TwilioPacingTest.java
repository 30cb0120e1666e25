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
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.PacedProvider;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.provider.SendProgress;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TEXT_MAX_PER_SECOND_PER_NUMBER at the provider: 12 texts handed to 8 worker threads at once, one
 * from number, 4 a second: the hand-overs to the provider are spaced, and the Twilio double's
 * request log shows the burst spread over the time the pace says.
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
    HandOvers handOvers = new HandOvers(twilio.provider());
    Sender sender =
        new Sender(
            ledger, leads, new MessageRenderer(), new PacedProvider(handOvers, pace.spacing()));
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
    handOvers.times.clear();
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
    // the guarantee, where the pace holds it: any PER_SECOND + 1 consecutive hand-overs to the
    // provider span a second or more (unpaced, all 12 go within about 100 ms); 20 ms of slack for
    // the moment between the pace's release and this note of it (a thread can be put aside there)
    List<Long> handed = handOvers.times.stream().sorted().toList();
    assertThat(handed).hasSize(TEXTS);
    for (int i = PER_SECOND; i < handed.size(); i++) {
      assertThat(handed.get(i) - handed.get(i - PER_SECOND))
          .as("hand-overs %d to %d (ns)", i - PER_SECOND, i)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos() - 20_000_000);
    }
    // and the double saw that pace: the burst spread over the time the pace says (arrivals are
    // shifted by the HTTP path, a few ms here, more on a loaded machine, so only the span is read)
    assertThat(received.get(TEXTS - 1) - received.get(0)).isBetween(2_750L - 300, 2_750L + 1_500);
  }

  /** The twilio provider, noting when each send is handed to it (after the pace's wait). */
  private static final class HandOvers implements ChannelProvider {
    final List<Long> times = new CopyOnWriteArrayList<>();
    private final ChannelProvider provider;

    HandOvers(ChannelProvider provider) {
      this.provider = provider;
    }

    @Override
    public ProviderReceipt deliver(Delivery delivery) {
      times.add(System.nanoTime());
      return provider.deliver(delivery);
    }

    @Override
    public ProviderReceipt deliver(Delivery delivery, SendProgress progress) {
      times.add(System.nanoTime());
      return provider.deliver(delivery, progress);
    }

    @Override
    public Optional<ProviderReceipt> lookup(String idempotencyKey) {
      return provider.lookup(idempotencyKey);
    }

    @Override
    public boolean confirmsDeliveries() {
      return provider.confirmsDeliveries();
    }

    @Override
    public Lookup lookup(
        String idempotencyKey, Delivery delivery, Instant claimedAt, SendProgress progress) {
      return provider.lookup(idempotencyKey, delivery, claimedAt, progress);
    }
  }
}

package io.followup.worker.provider;

import static io.followup.worker.support.Envs.lead;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.worker.activities.Sender;
import io.followup.worker.activities.TextActivitiesImpl;
import io.followup.worker.message.MessageRenderer;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingProviderTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingProvider.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
    logger.setLevel(level);
  }

  private static Delivery text(String key, String body) {
    return new Delivery(Channel.TEXT, key, "+15555550100", null, body, null, null, null, null);
  }

  private List<String> lines(Level atLeast) {
    return logged.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void aDuplicateKeyReturnsTheFirstReceiptAndIsNotSentAgain() {
    LoggingProvider provider = new LoggingProvider();

    ProviderReceipt first = provider.deliver(text("L:1", "hello"));
    ProviderReceipt second = provider.deliver(text("L:1", "hello again"));

    assertThat(second).isEqualTo(first);
    assertThat(lines(Level.INFO)).singleElement().satisfies(m -> assertThat(m).contains("L:1"));
    assertThat(provider.sendCount()).isEqualTo(1);
  }

  @Test
  void infoCarriesTheKeyAndChannelButNoRecipientSubjectOrBody() {
    logger.setLevel(Level.INFO);
    LoggingProvider provider = new LoggingProvider();

    provider.deliver(text("L:1", "Hi Ada, about Acme"));
    provider.deliver(
        new Delivery(
            Channel.EMAIL,
            "L:2",
            "ada@example.com",
            "For Ada",
            "Dear Ada",
            null,
            null,
            null,
            null));
    provider.deliver(
        new Delivery(
            Channel.CALL, "L:3", "+15555550100", null, "Ada script", null, null, null, null));

    assertThat(lines(Level.INFO))
        .hasSize(3)
        .allSatisfy(m -> assertThat(m).doesNotContain("5555550100", "ada@", "Ada", "Acme"))
        .anySatisfy(m -> assertThat(m).contains("text", "L:1"))
        .anySatisfy(m -> assertThat(m).contains("email", "L:2"))
        .anySatisfy(m -> assertThat(m).contains("call", "L:3", "answered"));
  }

  @Test
  void debugShowsWhatWouldHaveBeenSent() {
    logger.setLevel(Level.DEBUG);

    new LoggingProvider().deliver(text("L:1", "Hi Ada"));

    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.DEBUG)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfies(m -> assertThat(m).contains("+15555550100", "Hi Ada"));
  }

  @Test
  void lookupFindsOnlyKeysItWasGiven() {
    LoggingProvider provider = new LoggingProvider();
    ProviderReceipt receipt = provider.deliver(text("L:1", "hello"));

    assertThat(provider.lookup("L:1")).contains(receipt);
    assertThat(provider.lookup("L:2")).isEmpty();
  }

  @Test
  void callsAreAnsweredOrNotAsConfigured() {
    Delivery call =
        new Delivery(Channel.CALL, "L:1", "+15555550100", null, "script", null, null, null, null);

    assertThat(new LoggingProvider(true).deliver(call).answered()).isTrue();
    assertThat(new LoggingProvider(false).deliver(call).answered()).isFalse();
  }

  @Test
  void aSendLeftPendingBeforeARestartIsUnconfirmedAndNotSentAgain() {
    InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
    InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
    leads.put(lead("L"));
    // the process that claimed the key died mid-send; the new one has a fresh provider
    ledger.claim("L:1", "L", 1, Channel.TEXT);
    LoggingProvider afterRestart = new LoggingProvider();
    assertThat(afterRestart.confirmsDeliveries()).isFalse();

    var result =
        new TextActivitiesImpl(new Sender(ledger, leads, new MessageRenderer(), afterRestart))
            .sendText(SendRequest.step("L", 1, Channel.TEXT, "L:1", null, null, false, null));

    assertThat(result.status()).isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(ledger.find("L:1").orElseThrow().result().status())
        .isEqualTo(DeliveryStatus.UNCONFIRMED);
    assertThat(afterRestart.sendCount()).isZero();
  }
}

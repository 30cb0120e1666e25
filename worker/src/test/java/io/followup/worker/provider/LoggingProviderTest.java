package io.followup.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.followup.workflows.model.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingProviderTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingProvider.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  private static Delivery text(String key, String body) {
    return new Delivery(Channel.TEXT, key, "+15555550100", null, body);
  }

  @Test
  void aDuplicateKeyReturnsTheFirstReceiptAndIsNotSentAgain() {
    LoggingProvider provider = new LoggingProvider();

    ProviderReceipt first = provider.deliver(text("L:1", "hello"));
    ProviderReceipt second = provider.deliver(text("L:1", "hello again"));

    assertThat(second).isEqualTo(first);
    assertThat(logged.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfies(m -> assertThat(m).contains("+15555550100", "L:1", "hello"));
    assertThat(provider.sendCount()).isEqualTo(1);
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
    Delivery call = new Delivery(Channel.CALL, "L:1", "+15555550100", null, "script");

    assertThat(new LoggingProvider(true).deliver(call).answered()).isTrue();
    assertThat(new LoggingProvider(false).deliver(call).answered()).isFalse();
  }
}

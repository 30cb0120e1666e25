package io.followup.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryLedgerTest {
  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();

  private static RecordedSend result(String key, DeliveryStatus status) {
    return new RecordedSend(key, Channel.TEXT, status, null, "hi", null, "p", null, null);
  }

  @Test
  void aSecondClaimFindsThePendingEntryThenItsResult() {
    Claim first = ledger.claim("L:1", "L", 1, Channel.TEXT);
    Claim again = ledger.claim("L:1", "L", 1, Channel.TEXT);
    ledger.complete("L:1", result("L:1", DeliveryStatus.SENT));
    Claim afterwards = ledger.claim("L:1", "L", 1, Channel.TEXT);

    assertThat(first.fresh()).isTrue();
    assertThat(first.resumed()).isFalse();
    assertThat(again.fresh()).isFalse();
    assertThat(again.resumed()).isTrue();
    assertThat(afterwards.completed()).isTrue();
    assertThat(afterwards.result().status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void aReleasedClaimIsGoneAndACompletedOneStays() {
    ledger.claim("L:1", "L", 1, Channel.EMAIL);

    assertThat(ledger.release("L:1")).isTrue();
    assertThat(ledger.find("L:1")).isEmpty();
    assertThat(ledger.claim("L:1", "L", 1, Channel.EMAIL).fresh()).isTrue();
    ledger.complete("L:1", result("L:1", DeliveryStatus.SENT));
    assertThat(ledger.release("L:1")).isFalse();
    assertThat(ledger.find("L:1").orElseThrow().pending()).isFalse();
  }

  @Test
  void theFirstCompletionWins() {
    ledger.claim("L:1", "L", 1, Channel.TEXT);
    ledger.complete("L:1", result("L:1", DeliveryStatus.FAILED));

    RecordedSend recorded = ledger.complete("L:1", result("L:1", DeliveryStatus.SENT));

    assertThat(recorded.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(ledger.find("L:1").orElseThrow().result().status()).isEqualTo(DeliveryStatus.FAILED);
  }

  @Test
  void completingAnUnclaimedKeyIsAnError() {
    assertThatThrownBy(() -> ledger.complete("L:9", result("L:9", DeliveryStatus.SENT)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listsALeadsSendsInClaimOrder() {
    ledger.claim("L:2", "L", 2, Channel.CALL);
    ledger.claim("M:1", "M", 1, Channel.TEXT);
    ledger.claim("L:3", "L", 3, Channel.EMAIL);

    assertThat(ledger.listByLead("L"))
        .extracting(LedgerEntry::idempotencyKey)
        .containsExactly("L:2", "L:3");
  }

  @Test
  void concurrentClaimsOfOneKeyHaveOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        claims.add(() -> ledger.claim("L:1", "L", 1, Channel.TEXT).fresh());
      }
      long winners = 0;
      for (Future<Boolean> f : pool.invokeAll(claims)) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.followup.domain.ledger;

import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A ledger in memory (tests and local runs); lost on restart. Thread-safe. */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
  private final Clock clock;

  /** Insertion order is claim order, which {@link #listByLead} returns. */
  private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

  private final List<SendDeferral> deferrals = new ArrayList<>();

  public InMemoryDeliveryLedger() {
    this(Clock.systemUTC());
  }

  public InMemoryDeliveryLedger(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public synchronized Claim claim(
      String idempotencyKey, String leadId, int followUpStep, Channel channel) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    LedgerEntry existing = entries.get(idempotencyKey);
    if (existing != null) {
      return new Claim(existing, false);
    }
    LedgerEntry entry =
        new LedgerEntry(idempotencyKey, leadId, followUpStep, channel, clock.instant(), null, null);
    entries.put(idempotencyKey, entry);
    return new Claim(entry, true);
  }

  @Override
  public synchronized RecordedSend complete(String idempotencyKey, RecordedSend result) {
    Objects.requireNonNull(result, "result");
    if (!idempotencyKey.equals(result.idempotencyKey())) {
      throw new IllegalArgumentException(
          "result of " + result.idempotencyKey() + " recorded under " + idempotencyKey);
    }
    LedgerEntry entry = entries.get(idempotencyKey);
    if (entry == null) {
      throw new IllegalStateException("send " + idempotencyKey + " was never claimed");
    }
    if (!entry.pending()) {
      return entry.result();
    }
    entries.put(idempotencyKey, entry.complete(result, clock.instant()));
    return result;
  }

  @Override
  public synchronized boolean release(String idempotencyKey) {
    LedgerEntry entry = entries.get(idempotencyKey);
    if (entry == null || !entry.pending()) {
      return false;
    }
    entries.remove(idempotencyKey);
    return true;
  }

  @Override
  public synchronized Optional<LedgerEntry> find(String idempotencyKey) {
    return Optional.ofNullable(entries.get(idempotencyKey));
  }

  @Override
  public synchronized List<LedgerEntry> listByLead(String leadId) {
    return entries.values().stream().filter(e -> e.leadId().equals(leadId)).toList();
  }

  /** Keeps one record per deferred send and instant, so a retried activity records it once. */
  @Override
  public synchronized void recordDeferral(SendDeferral deferral) {
    Objects.requireNonNull(deferral, "deferral");
    if (!deferrals.contains(deferral)) {
      deferrals.add(deferral);
    }
  }

  /** The lead's deferred sends, oldest first. */
  public synchronized List<SendDeferral> deferralsOf(String leadId) {
    return deferrals.stream().filter(d -> d.leadId().equals(leadId)).toList();
  }
}

package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.workflows.activities.SendRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The provider's later report on a send (a Twilio status callback) as the lead's {@code
 * DELIVERY_STATUS} event, whichever comes first: the callback or the send's completion in the
 * ledger. A callback no send has yet is kept ({@link EarlyStatusDao}) under the provider id's lock;
 * the completion of the send with that provider id takes the same lock and records what was kept.
 */
public final class DeliveryStatuses {
  /** A kept callback no send claimed in this long is dropped (another system's send, say). */
  public static final Duration KEEP_UNCLAIMED = Duration.ofDays(7);

  private DeliveryStatuses() {}

  /**
   * Records {@code status} (the event's status fields: {@code status}, {@code providerStatus},
   * maybe {@code answeredBy}, {@code errorCode}) for the send {@code row}; false when it was
   * recorded already.
   */
  public static boolean record(
      Handle handle, ObjectMapper json, DeliveryRow row, ObjectNode status, Instant at) {
    ObjectNode data = json.createObjectNode();
    data.put("idempotencyKey", row.idempotencyKey());
    data.put("status", status.path("status").asText());
    data.put("channel", row.channel());
    if (row.followUpStep() == SendRequest.ONE_OFF) {
      // a one-off message (sendMessage) is no follow-up step
      data.putNull("followUpStep");
    } else {
      data.put("followUpStep", row.followUpStep());
    }
    status.fields().forEachRemaining(f -> data.putIfAbsent(f.getKey(), f.getValue()));
    return handle.inTransaction(
        h -> {
          boolean recorded =
              EventStatements.insertEventOnce(
                  h,
                  row.leadId(),
                  EventType.DELIVERY_STATUS,
                  at,
                  data.toString(),
                  "status:" + row.providerId() + ":" + status.path("status").asText());
          if (recorded) {
            // the send's event changed: it moves past every event of the lead (events page)
            EventStatements.amendEvent(
                h, row.leadId(), MessageEvents.sendKey(row.idempotencyKey()), at);
            if ("EXPIRED".equals(status.path("status").asText())) {
              // its one re-send, stored with the status: handed over after the commit or swept
              ExpiredResends.intend(h, json, row, at);
            }
          }
          return recorded;
        });
  }

  /**
   * Keeps a callback for a provider id no send has yet, or records it when the send was recorded
   * meanwhile (checked under the lock). Returns the send when it has it now: the caller records the
   * callback for it in a new transaction (this one holds the provider id's lock, which must not be
   * held while the lead's row is locked).
   */
  public static java.util.Optional<DeliveryRow> keep(
      Handle handle, String providerId, ObjectNode status, Instant at) {
    EarlyStatusDao early = handle.attach(EarlyStatusDao.class);
    early.lock(providerId);
    java.util.Optional<DeliveryRow> send =
        handle.attach(DeliveryDao.class).findByProviderId(providerId);
    if (send.isPresent()) {
      return send;
    }
    early.deleteOlderThan(at.minus(KEEP_UNCLAIMED));
    early.insertOnce(providerId, status.path("status").asText(), status.toString(), at);
    return java.util.Optional.empty();
  }

  /**
   * In the completion transaction of {@code row} (after the lead's row is locked): records the
   * callbacks kept for its provider id and forgets them.
   */
  public static int claimKept(Handle handle, ObjectMapper json, DeliveryRow row, Instant at) {
    if (row.providerId() == null || row.providerId().isBlank()) {
      return 0;
    }
    EarlyStatusDao early = handle.attach(EarlyStatusDao.class);
    early.lock(row.providerId());
    int recorded = 0;
    for (EarlyStatusRow kept : early.find(row.providerId())) {
      ObjectNode status = parse(json, kept.data());
      // recorded now, after the send's own event; when Twilio reported it is kept in the data
      status.put("receivedAt", kept.receivedAt().toString());
      if (record(handle, json, row, status, at)) {
        recorded++;
      }
    }
    early.delete(row.providerId());
    return recorded;
  }

  private static ObjectNode parse(ObjectMapper json, String data) {
    try {
      return (ObjectNode) json.readTree(data);
    } catch (IOException | ClassCastException e) {
      return json.createObjectNode();
    }
  }
}

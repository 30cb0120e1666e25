package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The one re-send of an expired text (SPEC "Compliance", delivery inside the window), made durable:
 * its intent is a {@code lead_messages} row keyed {@code resend:<expired key>}, not accepted,
 * written in the transaction that records the text's {@code DELIVERY_STATUS EXPIRED} (whether the
 * status callback or the send's completion records it). The API hands the row to the lead's
 * workflow after the commit, and its sweeper hands over what was stored but never accepted
 * (Temporal unreachable, a process gone, an early callback recorded by the worker): the row's id is
 * the workflow update's id, so a repeat is a no-op, and the status is recorded once, so the intent
 * is written once: never two re-sends for one expired text.
 */
public final class ExpiredResends {
  /** The Idempotency-Key of a re-send: the expired send's key after it. */
  public static final String PREFIX = "resend:";

  private ExpiredResends() {}

  /**
   * In the transaction that recorded {@code EXPIRED} for {@code expired} (a text): stores the
   * re-send, unless the expired text was itself a re-send (sent once more, never twice) or one is
   * stored already. Returns the stored row.
   */
  public static Optional<LeadMessageRow> intend(
      Handle handle, ObjectMapper json, DeliveryRow expired, Instant at) {
    if (!"text".equals(expired.channel())
        || expired.content() == null
        || expired.content().isBlank()) {
      return Optional.empty();
    }
    LeadMessageDao messages = handle.attach(LeadMessageDao.class);
    String prefix = expired.leadId() + ":msg:";
    if (expired.idempotencyKey().startsWith(prefix)) {
      Optional<LeadMessageRow> message =
          messages.find(expired.idempotencyKey().substring(prefix.length()));
      if (message.isPresent()
          && message.get().idempotencyKey() != null
          && message.get().idempotencyKey().startsWith(PREFIX)) {
        return Optional.empty();
      }
    }
    String key = PREFIX + expired.idempotencyKey();
    if (messages.findByKey(expired.leadId(), key).isPresent()) {
      return Optional.empty();
    }
    // the body a sendMessage request for it would have: its hash tells a retry from another text
    String body = json.createObjectNode().put("message", expired.content()).toString();
    LeadMessageRow row =
        new LeadMessageRow(
            UUID.randomUUID().toString(),
            expired.leadId(),
            key,
            sha256(body),
            expired.content(),
            at,
            false,
            false,
            false,
            false,
            at);
    messages.insert(row);
    return Optional.of(row);
  }

  private static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

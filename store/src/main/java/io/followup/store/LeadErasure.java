package io.followup.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@code DELETE /v1/leads/{id}}'s statements: the lead's row locked, its personal data erased. */
public final class LeadErasure {
  private LeadErasure() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LOCK_DELETED_AT =
      "SELECT deleted_at FROM leads WHERE id = :id FOR UPDATE";

  /**
   * What {@link #erase} clears: the personal fields; the id, {@code externalLeadId} (the caller's
   * key to sync the deletion by), the flags and the timestamps stay. Follow-ups are STOPPED.
   */
  private static final String ERASE_LEAD =
      "UPDATE leads SET first_name = '', last_name = '', phone = NULL, email = NULL,"
          + " customer_profile = NULL, additional_info = '{}', context = NULL, summary = NULL,"
          + " state = NULL, consent = NULL,"
          + " follow_up_status = 'STOPPED', next_follow_up_at = NULL,"
          + " deleted_at = :at, updated_at = :at WHERE id = :id";

  /**
   * The message texts kept beside the lead: sends, one-off messages, inbound texts, and the
   * delivered and failed webhooks of the delivery log.
   */
  private static final List<String> ERASE_TEXTS =
      List.of(
          "UPDATE deliveries SET content = NULL, subject = NULL WHERE lead_id = :id",
          "UPDATE lead_messages SET body = '' WHERE lead_id = :id",
          "UPDATE inbound_messages SET body = NULL WHERE lead_id = :id",
          // the delivery log's copies of its webhooks (V19; their attempts go with them): a replay
          // must not send the erased data again. Rows still to deliver go as they were committed
          "DELETE FROM webhook_outbox WHERE lead_id = :id AND status <> 'PENDING'");

  private static final String EVENTS_OF = "SELECT id, data FROM lead_events WHERE lead_id = :id";
  private static final String SET_EVENT_DATA = "UPDATE lead_events SET data = :data WHERE id = :id";

  /** The keys of an event's data that hold what a lead or a caller wrote. */
  private static final List<String> EVENT_TEXT_KEYS =
      List.of("content", "subject", "context", "command", "optOutMessage", "body");

  /** The keys of a message event's {@code content} object ({@link MessageEvents}). */
  private static final List<String> MESSAGE_TEXT_KEYS = List.of("text", "subject");

  /**
   * The keys of a {@code CONSENT_RECORDED} event's {@code consent} object erased: its source and
   * capturedAt stay as the proof that consent was given and when (docs/DECISIONS.md).
   */
  private static final List<String> CONSENT_TEXT_KEYS = List.of("text", "url");

  /** A lead row as DELETE finds it. */
  public enum Erasure {
    LIVE,
    ERASED,
    UNKNOWN
  }

  /** Locks the lead's row, live or erased, until the transaction ends (DELETE). */
  public static Erasure lockForErasure(Handle handle, String id) {
    if (!handle.isInTransaction()) {
      throw new IllegalStateException("a lead is erased in one transaction");
    }
    List<Optional<Instant>> found =
        handle
            .createQuery(LOCK_DELETED_AT)
            .bind("id", id)
            .map((rs, ctx) -> Optional.ofNullable(LeadStatements.instant(rs.getTimestamp(1))))
            .list();
    if (found.isEmpty()) {
      return Erasure.UNKNOWN;
    }
    return found.get(0).isPresent() ? Erasure.ERASED : Erasure.LIVE;
  }

  /**
   * Erases a {@link Erasure#LIVE} lead ({@code DELETE /v1/leads/{id}}) whose row the caller's
   * transaction locked ({@link #lockForErasure}): the personal fields, and the texts of its sends,
   * messages, inbound texts and events. The row stays, {@code deleted_at} set, for the list's sync.
   */
  public static void erase(Handle handle, String id, Instant at) {
    handle.createUpdate(ERASE_LEAD).bind("id", id).bind("at", at).execute();
    for (String sql : ERASE_TEXTS) {
      handle.createUpdate(sql).bind("id", id).execute();
    }
    List<Map.Entry<Long, String>> events =
        handle
            .createQuery(EVENTS_OF)
            .bind("id", id)
            .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
            .list();
    for (Map.Entry<Long, String> event : events) {
      String erased = withoutTexts(event.getValue());
      if (!erased.equals(event.getValue())) {
        handle
            .createUpdate(SET_EVENT_DATA)
            .bind("id", event.getKey())
            .bind("data", erased)
            .execute();
      }
    }
  }

  private static String withoutTexts(String data) {
    try {
      JsonNode node = JSON.readTree(data);
      if (!(node instanceof ObjectNode object)) {
        return data;
      }
      boolean changed = false;
      if (object.get("consent") instanceof ObjectNode consent) {
        for (String field : CONSENT_TEXT_KEYS) {
          if (consent.hasNonNull(field)) {
            consent.putNull(field);
            changed = true;
          }
        }
      }
      for (String key : EVENT_TEXT_KEYS) {
        JsonNode value = object.get(key);
        if (value instanceof ObjectNode message) {
          // a MESSAGE or EMAIL event's content: {text, subject}; the shape stays, the texts go
          for (String field : MESSAGE_TEXT_KEYS) {
            if (message.has(field)) {
              message.putNull(field);
              changed = true;
            }
          }
        } else if (value != null) {
          object.putNull(key);
          changed = true;
        }
      }
      return changed ? JSON.writeValueAsString(object) : data;
    } catch (JsonProcessingException e) {
      // not JSON: nothing of ours to keep
      return "{}";
    }
  }
}

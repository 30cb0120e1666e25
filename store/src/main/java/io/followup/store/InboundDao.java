package io.followup.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Inbound texts, one row per Twilio MessageSid (V8). */
public interface InboundDao {

  /**
   * Records an inbound text unless its sid is recorded already; 1 when recorded, 0 for a repeat.
   * Callers hold the lead's row lock when there is a lead, so repeats of one lead's text are
   * serialised; two concurrent repeats from an unknown sender may meet the primary key instead.
   */
  @SqlUpdate(
      "INSERT INTO inbound_messages (message_sid, lead_id, from_phone, to_phone, kind, body,"
          + " received_at, workflow_pending)"
          + " SELECT :messageSid, :leadId, :fromPhone, :toPhone, :kind, :body, :receivedAt,"
          + " :workflowPending"
          + " WHERE NOT EXISTS (SELECT 1 FROM inbound_messages WHERE message_sid = :messageSid)")
  int insertOnce(
      String messageSid,
      String leadId,
      String fromPhone,
      String toPhone,
      String kind,
      String body,
      Instant receivedAt,
      boolean workflowPending);

  /**
   * The latest opt-out or opt-in keyword ({@code OPT_OUT}, {@code OPT_IN}) texted from {@code
   * phone} (E.164), whoever had the number then; empty when none.
   */
  @SqlQuery(
      "SELECT kind FROM inbound_messages WHERE from_phone = :phone"
          + " AND kind IN ('OPT_OUT', 'OPT_IN')"
          + " ORDER BY received_at DESC, message_sid DESC LIMIT 1")
  java.util.Optional<String> latestKeyword(String phone);

  /** The lead's workflow learned the text: nothing left to retry. */
  @SqlUpdate(
      "UPDATE inbound_messages SET workflow_pending = FALSE"
          + " WHERE message_sid = :messageSid AND workflow_pending")
  int markTold(String messageSid);

  /** Texts whose workflow was not told, received before {@code before}, oldest first. */
  @SqlQuery(
      "SELECT message_sid, lead_id, kind, body, received_at FROM inbound_messages"
          + " WHERE workflow_pending AND received_at < :before"
          + " ORDER BY received_at, message_sid LIMIT :limit")
  @RegisterConstructorMapper(Untold.class)
  List<Untold> untold(Instant before, int limit);

  /** An inbound text whose lead's workflow has not learned it yet. */
  record Untold(String messageSid, String leadId, String kind, String body, Instant receivedAt) {}

  @SqlQuery("SELECT COUNT(*) FROM inbound_messages WHERE lead_id IS NULL AND from_phone = :phone")
  long countFromUnknown(String phone);
}

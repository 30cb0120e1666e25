package io.followup.store;

import java.time.Instant;
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
      "INSERT INTO inbound_messages"
          + " (message_sid, lead_id, from_phone, to_phone, kind, body, received_at)"
          + " SELECT :messageSid, :leadId, :fromPhone, :toPhone, :kind, :body, :receivedAt"
          + " WHERE NOT EXISTS (SELECT 1 FROM inbound_messages WHERE message_sid = :messageSid)")
  int insertOnce(
      String messageSid,
      String leadId,
      String fromPhone,
      String toPhone,
      String kind,
      String body,
      Instant receivedAt);

  @SqlQuery("SELECT COUNT(*) FROM inbound_messages WHERE lead_id IS NULL AND from_phone = :phone")
  long countFromUnknown(String phone);
}

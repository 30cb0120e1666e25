package io.followup.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Inbound emails matched to a lead, one row per Message-ID's key (V25, issue 21). */
public interface InboundEmailDao {

  /**
   * Records an email unless its key is recorded already; 1 when recorded, 0 for a repeat. Callers
   * hold the lead's row lock, so repeats of one lead's email are serialised.
   */
  @SqlUpdate(
      "INSERT INTO inbound_emails (message_key, lead_id, kind, workflow_pending, received_at)"
          + " SELECT :messageKey, :leadId, :kind, :workflowPending, :receivedAt"
          + " WHERE NOT EXISTS (SELECT 1 FROM inbound_emails WHERE message_key = :messageKey)")
  int insertOnce(
      String messageKey, String leadId, String kind, boolean workflowPending, Instant receivedAt);

  /** The email recorded under the key; empty when none. */
  @SqlQuery(
      "SELECT message_key, lead_id, kind, workflow_pending, received_at FROM inbound_emails"
          + " WHERE message_key = :messageKey")
  @RegisterConstructorMapper(Recorded.class)
  Optional<Recorded> find(String messageKey);

  /** The lead's workflow learned the email: nothing left to tell. */
  @SqlUpdate(
      "UPDATE inbound_emails SET workflow_pending = FALSE"
          + " WHERE message_key = :messageKey AND workflow_pending")
  int markTold(String messageKey);

  /** A recorded email. */
  record Recorded(
      String messageKey, String leadId, String kind, boolean workflowPending, Instant receivedAt) {}
}

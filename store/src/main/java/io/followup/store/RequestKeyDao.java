package io.followup.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Idempotency-Key of PATCH requests: the hash of the first body, so a repeat with the same body
 * gets the same answer and a reuse with another body is refused.
 */
public interface RequestKeyDao {
  @SqlQuery(
      "SELECT request_hash FROM request_keys WHERE lead_id = :leadId AND idempotency_key = :key")
  Optional<String> findRequestHash(String leadId, String key);

  @SqlUpdate(
      "INSERT INTO request_keys (lead_id, idempotency_key, request_hash, created_at)"
          + " VALUES (:leadId, :key, :requestHash, :createdAt)")
  void insert(String leadId, String key, String requestHash, Instant createdAt);
}

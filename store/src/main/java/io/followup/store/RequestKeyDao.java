package io.followup.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Idempotency-Key of PATCH requests: the hash of the first body, so a repeat with the same body
 * gets the same answer and a reuse with another body is refused. Creates' keys (a batch item's
 * {@code idempotencyKey}) keep the lead they created too ({@code create_keys}).
 */
@RegisterConstructorMapper(RequestKeyDao.CreateKey.class)
public interface RequestKeyDao {
  /** A create's key: the lead it created and its body's hash. */
  record CreateKey(String leadId, String requestHash) {}

  @SqlQuery("SELECT lead_id, request_hash FROM create_keys WHERE idempotency_key = :key")
  Optional<CreateKey> findCreate(String key);

  @SqlUpdate(
      "INSERT INTO create_keys (idempotency_key, lead_id, request_hash, created_at)"
          + " VALUES (:key, :leadId, :requestHash, :createdAt)")
  void insertCreate(String key, String leadId, String requestHash, Instant createdAt);

  @SqlQuery(
      "SELECT request_hash FROM request_keys WHERE lead_id = :leadId AND idempotency_key = :key")
  Optional<String> findRequestHash(String leadId, String key);

  @SqlUpdate(
      "INSERT INTO request_keys (lead_id, idempotency_key, request_hash, created_at)"
          + " VALUES (:leadId, :key, :requestHash, :createdAt)")
  void insert(String leadId, String key, String requestHash, Instant createdAt);
}

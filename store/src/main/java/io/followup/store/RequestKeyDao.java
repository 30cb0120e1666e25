package io.followup.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Idempotency-Key of PATCH requests, kept with the first answer. */
@RegisterConstructorMapper(RequestKeyDao.Stored.class)
public interface RequestKeyDao {
  record Stored(String requestHash, String response) {}

  @SqlQuery(
      "SELECT request_hash, response FROM request_keys"
          + " WHERE lead_id = :leadId AND idempotency_key = :key")
  Optional<Stored> find(String leadId, String key);

  @SqlUpdate(
      "INSERT INTO request_keys (lead_id, idempotency_key, request_hash, response, created_at)"
          + " VALUES (:leadId, :key, :requestHash, :response, :createdAt)")
  void insert(String leadId, String key, String requestHash, String response, Instant createdAt);
}

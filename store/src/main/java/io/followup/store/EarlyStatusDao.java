package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Status callbacks kept until their send is recorded (V12), and the locks that order the two. */
@RegisterConstructorMapper(EarlyStatusRow.class)
public interface EarlyStatusDao {
  /** How many lock rows V12 created. */
  int BUCKETS = 64;

  static int bucket(String providerId) {
    return Math.floorMod(providerId.hashCode(), BUCKETS);
  }

  /** Holds the provider id's lock row until the transaction ends. */
  @SqlQuery("SELECT bucket FROM status_callback_locks WHERE bucket = :bucket FOR UPDATE")
  Optional<Integer> lockBucket(int bucket);

  default void lock(String providerId) {
    lockBucket(bucket(providerId));
  }

  @SqlUpdate(
      "INSERT INTO early_status_callbacks (provider_id, status, data, received_at)"
          + " SELECT :providerId, :status, :data, :receivedAt"
          + " WHERE NOT EXISTS (SELECT 1 FROM early_status_callbacks"
          + " WHERE provider_id = :providerId AND status = :status)")
  int insertOnce(String providerId, String status, String data, Instant receivedAt);

  @SqlQuery(
      "SELECT provider_id, status, data, received_at FROM early_status_callbacks"
          + " WHERE provider_id = :providerId ORDER BY received_at, status")
  List<EarlyStatusRow> find(String providerId);

  @SqlUpdate("DELETE FROM early_status_callbacks WHERE provider_id = :providerId")
  int delete(String providerId);

  @SqlUpdate("DELETE FROM early_status_callbacks WHERE received_at < :before")
  int deleteOlderThan(Instant before);
}

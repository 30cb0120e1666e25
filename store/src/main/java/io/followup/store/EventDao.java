package io.followup.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(EventRow.class)
public interface EventDao {
  @SqlUpdate(
      "INSERT INTO lead_events (lead_id, type, occurred_at, data)"
          + " VALUES (:leadId, :type, :occurredAt, :data)")
  void insert(String leadId, String type, Instant occurredAt, String data);

  /** Inserts the event unless one with the same {@code dedupeKey} is stored for the lead. */
  @SqlUpdate(
      "INSERT INTO lead_events (lead_id, type, occurred_at, data, dedupe_key)"
          + " SELECT :leadId, :type, :occurredAt, :data, :dedupeKey"
          + " WHERE NOT EXISTS (SELECT 1 FROM lead_events"
          + " WHERE lead_id = :leadId AND dedupe_key = :dedupeKey)")
  void insertOnce(String leadId, String type, Instant occurredAt, String data, String dedupeKey);

  /** Oldest first, after event {@code afterId}. */
  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND id > :afterId"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY id LIMIT :limit")
  List<EventRow> page(String leadId, long afterId, Instant since, int limit);

  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND id > :afterId AND type IN (<types>)"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY id LIMIT :limit")
  List<EventRow> pageOfTypes(
      String leadId, long afterId, Instant since, @BindList("types") List<String> types, int limit);
}

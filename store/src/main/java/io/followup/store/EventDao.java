package io.followup.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reads of a lead's events. They are written by {@link LeadStatements} ({@code insertEvent},
 * {@code insertEventOnce}), in commit order per lead, which paging by id relies on.
 */
@RegisterConstructorMapper(EventRow.class)
public interface EventDao {

  /** The lead's latest follow-up sends (MESSAGE, CALL, EMAIL events), newest first. */
  @SqlQuery(
      "SELECT id, lead_id, type, occurred_at, data FROM lead_events"
          + " WHERE lead_id = :leadId AND type IN ('MESSAGE', 'CALL', 'EMAIL')"
          + " ORDER BY id DESC LIMIT :limit")
  List<EventRow> latestSends(String leadId, int limit);

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

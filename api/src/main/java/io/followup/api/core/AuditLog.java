package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.api.core.view.ActorView;
import io.followup.api.core.view.AuditEventView;
import io.followup.api.core.view.AuditPage;
import io.followup.store.EventDao;
import io.followup.store.EventRow;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /v1/audit}: every lead's events by time, with who caused each and its request id. */
public final class AuditLog {
  private final Jdbi jdbi;
  private final AdditionalInfo info;

  public AuditLog(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.info = new AdditionalInfo(json);
  }

  /** By ({@code timestamp}, id) ascending, from {@code since}, of {@code leadId} when given. */
  public AuditPage list(String since, String leadId, Integer limit, String nextToken) {
    int size = Page.limit(limit, 1000);
    Instant from = LeadQueries.instant("since", since);
    Instant afterAt = null;
    long afterId = 0;
    if (nextToken != null) {
      try {
        String[] position = Page.decode(nextToken).split("\\|", 2);
        afterAt = Instant.parse(position[0]);
        afterId = Long.parseLong(position[1]);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    String lead = leadId == null || leadId.isBlank() ? null : leadId.strip();
    Instant at = afterAt;
    long id = afterId;
    List<EventRow> rows =
        Database.call(
            () ->
                jdbi.withExtension(
                    EventDao.class,
                    dao ->
                        lead == null
                            ? dao.audit(at, id, from, size + 1)
                            : dao.auditOfLead(lead, at, id, from, size + 1)));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      EventRow last = rows.get(size - 1);
      next = Page.encode(last.occurredAt() + "|" + last.id());
    }
    return new AuditPage(
        rows.stream()
            .map(
                r ->
                    new AuditEventView(
                        Long.toString(r.id()),
                        r.leadId(),
                        r.type(),
                        r.occurredAt().toString(),
                        new ActorView(r.actorType(), r.actorId()),
                        r.requestId(),
                        info.parse(r.data())))
            .toList(),
        next);
  }
}

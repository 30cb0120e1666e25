package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.api.core.view.ActorView;
import io.followup.api.core.view.AuditEventView;
import io.followup.api.core.view.AuditPage;
import io.followup.store.AuditDao;
import io.followup.store.AuditRow;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /v1/audit}: every lead's events in the order they were recorded, with who caused each
 * and its request id.
 */
public final class AuditLog {
  private final Jdbi jdbi;
  private final AdditionalInfo info;

  public AuditLog(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.info = new AdditionalInfo(json);
  }

  /**
   * In the order the events became visible ({@link AuditDao}): from {@code since} ({@code
   * timestamp}) when given, of {@code leadId} when given. {@code nextToken} is the position after
   * the last event listed, on the last page too: a client that syncs asks again with it later and
   * gets what was recorded since, an event that committed late included.
   */
  public AuditPage list(String since, String leadId, Integer limit, String nextToken) {
    int size = Page.limit(limit, 1000);
    Instant from = LeadQueries.instant("since", since);
    long afterSeq = -1;
    long afterId = 0;
    if (nextToken != null) {
      try {
        String[] position = Page.decode(nextToken).split(":", 2);
        afterSeq = Long.parseLong(position[0]);
        afterId = Long.parseLong(position[1]);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    String lead = leadId == null || leadId.isBlank() ? null : leadId.strip();
    long seq = afterSeq;
    long id = afterId;
    List<AuditRow> rows =
        Database.call(
            () -> {
              AuditDao.listCommitted(jdbi);
              return jdbi.withExtension(
                  AuditDao.class,
                  dao ->
                      lead == null
                          ? dao.page(seq, id, from, size)
                          : dao.pageOfLead(lead, seq, id, from, size));
            });
    String next = nextToken;
    if (!rows.isEmpty()) {
      AuditRow last = rows.get(rows.size() - 1);
      next = Page.encode(last.auditSeq() + ":" + last.id());
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

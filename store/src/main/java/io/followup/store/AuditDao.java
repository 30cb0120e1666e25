package io.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code GET /v1/audit}: every lead's events in the order they became visible (V24). An event gets
 * its place ({@code audit_seq}) from the first audit read after its commit ({@link
 * #listCommitted}), never from its writer: the writers stay as they are, and a read costs one short
 * transaction when events were written since the last one. A client that pages by ({@code
 * audit_seq}, {@code id}) never passes an event that is still to commit: that event has no place
 * yet and gets a larger one than everything listed so far.
 */
@RegisterConstructorMapper(AuditRow.class)
public interface AuditDao {
  String COLUMNS = "audit_seq, " + EventDao.COLUMNS;

  /**
   * Gives every committed event without a place the next number of {@code audit_clock}, in one
   * transaction that holds the clock's row lock until its commit: two reads number one after the
   * other, and a later number is never visible before an earlier one.
   */
  static void listCommitted(Jdbi jdbi) {
    if (jdbi.withExtension(AuditDao.class, AuditDao::anyUnlisted).isEmpty()) {
      return;
    }
    jdbi.useTransaction(
        handle -> {
          AuditDao dao = handle.attach(AuditDao.class);
          long seq = dao.lockClock() + 1;
          if (dao.stamp(seq) > 0) {
            dao.advance(seq);
          }
        });
  }

  @SqlQuery("SELECT 1 FROM lead_events WHERE audit_seq IS NULL LIMIT 1")
  Optional<Integer> anyUnlisted();

  @SqlQuery("SELECT seq FROM audit_clock WHERE id = 1 FOR UPDATE")
  long lockClock();

  @SqlUpdate("UPDATE audit_clock SET seq = :seq WHERE id = 1")
  void advance(long seq);

  @SqlUpdate("UPDATE lead_events SET audit_seq = :seq WHERE audit_seq IS NULL")
  int stamp(long seq);

  /**
   * Listed events by ({@code audit_seq}, {@code id}) after ({@code afterSeq}, {@code afterId}),
   * those that occurred from {@code since} when given.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE audit_seq IS NOT NULL"
          + " AND (audit_seq > :afterSeq OR (audit_seq = :afterSeq AND id > :afterId))"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY audit_seq, id LIMIT :limit")
  List<AuditRow> page(long afterSeq, long afterId, Instant since, int limit);

  /** {@link #page} of one lead. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM lead_events"
          + " WHERE lead_id = :leadId AND audit_seq IS NOT NULL"
          + " AND (audit_seq > :afterSeq OR (audit_seq = :afterSeq AND id > :afterId))"
          + " AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :since)"
          + " ORDER BY audit_seq, id LIMIT :limit")
  List<AuditRow> pageOfLead(String leadId, long afterSeq, long afterId, Instant since, int limit);
}

package io.followup.store.strategies;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(StrategyRow.class)
@RegisterConstructorMapper(StrategyDao.Count.class)
public interface StrategyDao {
  String COLUMNS = "id, name, channel, template, subject, active, created_at, updated_at";

  /**
   * The statuses of a send that reached the lead's provider: a strategy's sends. A call's voicemail
   * is part of its call (one send), and failed, blocked or unconfirmed sends are not counted. The
   * inbound path credits replies to the same sends ({@link StrategyStats#countsAsSend}): keep the
   * two alike.
   */
  String SENT =
      "status IN ('SENT', 'ANSWERED', 'NO_ANSWER', 'VOICEMAIL_LEFT')"
          + " AND channel <> 'voicemail'";

  /** Sends or replies of one strategy at one step (step null: a reply whose send is unknown). */
  record Count(String strategyId, Integer followUpStep, long count) {}

  @SqlUpdate(
      "INSERT INTO strategies ("
          + COLUMNS
          + ") VALUES (:id, :name, :channel, :template,"
          + " :subject, :active, :createdAt, :updatedAt)")
  void insert(@BindMethods StrategyRow row);

  @SqlUpdate(
      "UPDATE strategies SET name = :name, template = :template, subject = :subject,"
          + " active = :active, updated_at = :updatedAt WHERE id = :id")
  int update(@BindMethods StrategyRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM strategies WHERE id = :id")
  Optional<StrategyRow> find(String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM strategies WHERE id = :id FOR UPDATE")
  Optional<StrategyRow> lock(String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM strategies WHERE id IN (<ids>) ORDER BY id")
  List<StrategyRow> findAll(@BindList("ids") Collection<String> ids);

  @SqlQuery("SELECT " + COLUMNS + " FROM strategies ORDER BY created_at, id")
  List<StrategyRow> list();

  @SqlQuery(
      "SELECT " + COLUMNS + " FROM strategies WHERE channel = :channel AND active ORDER BY id")
  List<StrategyRow> active(String channel);

  @SqlQuery(
      "SELECT strategy_id, follow_up_step, COUNT(*) AS count FROM deliveries"
          + " WHERE strategy_id IN (<ids>) AND "
          + SENT
          + " GROUP BY strategy_id, follow_up_step")
  List<Count> sends(@BindList("ids") Collection<String> ids);

  @SqlQuery(
      "SELECT strategy_id, follow_up_step, COUNT(*) AS count FROM strategy_replies"
          + " WHERE strategy_id IN (<ids>) GROUP BY strategy_id, follow_up_step")
  List<Count> replies(@BindList("ids") Collection<String> ids);

  @SqlQuery(
      "SELECT strategy_id, follow_up_step, COUNT(*) AS count FROM deliveries"
          + " WHERE strategy_id IS NOT NULL AND "
          + SENT
          + " GROUP BY strategy_id, follow_up_step")
  List<Count> allSends();

  @SqlQuery(
      "SELECT strategy_id, follow_up_step, COUNT(*) AS count FROM strategy_replies"
          + " GROUP BY strategy_id, follow_up_step")
  List<Count> allReplies();

  /** The pick kept for a send: empty when none is; a row with a null id is the default message. */
  @SqlQuery("SELECT strategy_id FROM strategy_picks WHERE idempotency_key = :key")
  List<String> pick(String key);

  @SqlUpdate(
      "INSERT INTO strategy_picks (idempotency_key, strategy_id, picked_at)"
          + " VALUES (:key, :strategyId, :pickedAt)")
  void insertPick(String key, String strategyId, Instant pickedAt);

  @SqlQuery("SELECT COUNT(*) FROM strategy_replies WHERE credited_event_id = :eventId")
  int countReplies(String eventId);

  @SqlUpdate(
      "INSERT INTO strategy_replies (credited_event_id, strategy_id, follow_up_step, credited_at)"
          + " VALUES (:eventId, :strategyId, :followUpStep, :creditedAt)")
  int insertReply(String eventId, String strategyId, Integer followUpStep, Instant creditedAt);

  @SqlQuery("SELECT data FROM lead_events WHERE id = :id")
  Optional<String> eventData(long id);
}

package io.followup.store.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Strategy results: sends counted from the delivery ledger (the rows behind the lead's send events,
 * {@code strategy_id} set), replies from {@code strategy_replies}, which the inbound path fills
 * through {@link #creditReply} in the transaction that stores the reply (an inbound {@code MESSAGE}
 * event).
 */
public final class StrategyStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The send statuses {@link StrategyDao#SENT} counts: the send reached the lead's provider. */
  private static final java.util.Set<String> SENT_STATUSES =
      java.util.Set.of("SENT", "ANSWERED", "NO_ANSWER", "VOICEMAIL_LEFT");

  private StrategyStats() {}

  /**
   * Whether a send event (its {@code data.channel} and {@code data.status}) is one of the sends the
   * results count ({@link StrategyDao#SENT}), hence one a reply may be credited to: a text or email
   * SENT, a call ANSWERED, NO_ANSWER or VOICEMAIL_LEFT. A separate voicemail (channel {@code
   * voicemail}, left after an unanswered call) is part of that call, which takes the credit.
   */
  public static boolean countsAsSend(String channel, String status) {
    return status != null && SENT_STATUSES.contains(status) && !"voicemail".equals(channel);
  }

  /**
   * Credits a reply to the strategy of the send it answers, once per send. Call it in the
   * transaction that stores the reply's inbound {@code MESSAGE} event, with that event's {@code
   * creditedEventId} and {@code creditedStrategyId}; nothing to do when the credited send had no
   * strategy.
   *
   * @param creditedEventId the id of the send's event (MESSAGE, CALL or EMAIL); its {@code
   *     data.followUpStep} gives the step
   * @param strategyId the send's strategy; null does nothing
   * @return whether this reply was the send's first credit
   */
  public static boolean creditReply(
      Handle handle, String creditedEventId, String strategyId, Instant at) {
    if (strategyId == null || creditedEventId == null) {
      return false;
    }
    StrategyDao dao = handle.attach(StrategyDao.class);
    // a send is credited once, however many replies follow (the inbound path holds the lead's
    // row, so two replies of one lead do not race here)
    if (dao.countReplies(creditedEventId) > 0) {
      return false;
    }
    return dao.insertReply(creditedEventId, strategyId, stepOf(dao, creditedEventId), at) == 1;
  }

  private static Integer stepOf(StrategyDao dao, String eventId) {
    long id;
    try {
      id = Long.parseLong(eventId);
    } catch (NumberFormatException e) {
      return null;
    }
    Optional<String> data = dao.eventData(id);
    if (data.isEmpty()) {
      return null;
    }
    try {
      JsonNode step = JSON.readTree(data.get()).path("followUpStep");
      return step.canConvertToInt() && step.isIntegralNumber() ? step.intValue() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** The results of these strategies (each present, zero when it has none). */
  public static Map<String, StrategyResults> results(Handle handle, Collection<String> ids) {
    Map<String, StrategyResults> results = new HashMap<>();
    if (ids.isEmpty()) {
      return results;
    }
    StrategyDao dao = handle.attach(StrategyDao.class);
    return group(ids, dao.sends(ids), dao.replies(ids));
  }

  /** The results of every strategy that has any. */
  public static Map<String, StrategyResults> all(Handle handle) {
    StrategyDao dao = handle.attach(StrategyDao.class);
    return group(List.of(), dao.allSends(), dao.allReplies());
  }

  private static Map<String, StrategyResults> group(
      Collection<String> ids, List<StrategyDao.Count> sends, List<StrategyDao.Count> replies) {
    Map<String, List<StrategyDao.Count>[]> byId = new HashMap<>();
    for (String id : ids) {
      byId.computeIfAbsent(id, k -> pair());
    }
    sends.forEach(c -> byId.computeIfAbsent(c.strategyId(), k -> pair())[0].add(c));
    replies.forEach(c -> byId.computeIfAbsent(c.strategyId(), k -> pair())[1].add(c));
    Map<String, StrategyResults> results = new HashMap<>();
    byId.forEach((id, counts) -> results.put(id, StrategyResults.of(counts[0], counts[1])));
    return results;
  }

  @SuppressWarnings("unchecked")
  private static List<StrategyDao.Count>[] pair() {
    return new List[] {new java.util.ArrayList<>(), new java.util.ArrayList<>()};
  }
}

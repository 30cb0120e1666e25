package io.followup.api.core;

import io.followup.store.ExpiredResends;
import io.followup.store.LeadMessageDao;
import io.followup.store.LeadMessageRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the re-sends of expired texts to their workflows (SPEC "Compliance", delivery inside the
 * window). The re-send is stored with the text's {@code EXPIRED} status ({@link ExpiredResends}),
 * whichever records it: the status callback hands it over at once after its commit, and {@link
 * #sweep} hands over every one stored a while ago and never accepted (Temporal was unreachable, or
 * the worker recorded an early callback at the send's completion). Each goes as a one-off message
 * (window rules, the message's rules), its id the workflow update's id: a second hand-over is a
 * no-op, so the text goes again once.
 */
public final class ExpiredTextResends {
  private static final Logger log = LoggerFactory.getLogger(ExpiredTextResends.class);

  /** A stored re-send is swept once it is this old (the callback's own hand-over goes first). */
  public static final Duration GRACE = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final OneOffMessages messages;
  private final Clock clock;

  ExpiredTextResends(Jdbi jdbi, OneOffMessages messages, Clock clock) {
    this.jdbi = jdbi;
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * Hands over the re-send of the expired send {@code expiredKey}, if one is stored and not
   * accepted yet. A failure (Temporal unreachable: 503) is logged, not raised: the row stays for
   * {@link #sweep}, and the status callback is answered all the same.
   */
  public void handOver(String leadId, String expiredKey) {
    Optional<LeadMessageRow> stored =
        Database.call(
            () ->
                jdbi.withExtension(
                    LeadMessageDao.class,
                    dao -> dao.findByKey(leadId, ExpiredResends.PREFIX + expiredKey)));
    if (stored.isEmpty() || stored.get().accepted()) {
      return;
    }
    go(stored.get());
  }

  /**
   * Hands over up to {@code limit} re-sends stored before {@link #GRACE} ago and not accepted;
   * returns how many the workflows took.
   */
  public int sweep(int limit) {
    List<LeadMessageRow> stored =
        Database.call(
            () ->
                jdbi.withExtension(
                    LeadMessageDao.class,
                    dao -> dao.unacceptedResends(clock.instant().minus(GRACE), limit)));
    int taken = 0;
    for (LeadMessageRow row : stored) {
      if (go(row)) {
        taken++;
      }
    }
    return taken;
  }

  private boolean go(LeadMessageRow row) {
    try {
      boolean taken = messages.handOverStored(row);
      if (taken) {
        log.info("lead {}: an expired text goes again at the next opening", row.leadId());
      }
      return taken;
    } catch (RuntimeException e) {
      // Temporal unreachable (503), the database away: the row stays for the sweeper
      log.info(
          "lead {}: an expired text's re-send not handed over yet ({}); kept for the sweeper",
          row.leadId(),
          e instanceof ApiException api ? api.status() : e.getClass().getSimpleName());
      return false;
    }
  }
}

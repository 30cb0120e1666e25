package io.followup.store.sends;

import io.followup.domain.sends.SendPause;
import io.followup.domain.sends.SendSwitch;
import io.followup.store.Sql;
import io.followup.workflows.model.Channel;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The send switch in the {@code send_switch} table (V20): what the API's admin routes and the
 * {@code sends} operator command set, and what the worker's send-rules activity reads at every due
 * send. Stored, so a pause survives every restart of every process.
 */
public final class JdbiSendSwitch implements SendSwitch {
  /** Set through {@code POST /v1/admin/sends/...}. */
  public static final String BY_API = "api";

  /** Set with the {@code sends} operator command. */
  public static final String BY_OPERATOR = "operator";

  private final Jdbi jdbi;

  public JdbiSendSwitch(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Map<Channel, SendPause> paused() {
    return jdbi.withHandle(JdbiSendSwitch::paused);
  }

  /** {@link #paused()} in the caller's handle (the schedule preview reads it with the lead). */
  public static Map<Channel, SendPause> paused(Handle handle) {
    Map<Channel, SendPause> paused = new EnumMap<>(Channel.class);
    for (SendPause row : all(handle)) {
      if (row.paused()) {
        paused.put(row.channel(), row);
      }
    }
    return paused;
  }

  /** Every channel's switch as last set (a channel never set is absent: sending). */
  public List<SendPause> all() {
    return jdbi.withHandle(JdbiSendSwitch::all);
  }

  private static List<SendPause> all(Handle handle) {
    return handle
        .createQuery(
            "SELECT channel, paused, reason, changed_at, changed_by FROM send_switch"
                + " ORDER BY channel")
        .map(
            (rs, ctx) ->
                new SendPause(
                    Channel.fromWire(rs.getString("channel")),
                    rs.getBoolean("paused"),
                    rs.getString("reason"),
                    rs.getTimestamp("changed_at").toInstant(),
                    rs.getString("changed_by")))
        .list();
  }

  /**
   * Pauses ({@code paused}) or resumes the channels, in one transaction.
   *
   * @param reason kept with a pause; a resume clears it
   * @param by {@link #BY_API} or {@link #BY_OPERATOR}
   */
  public void set(
      Collection<Channel> channels, boolean paused, String reason, String by, Instant at) {
    try {
      jdbi.useTransaction(handle -> channels.forEach(c -> set(handle, c, paused, reason, by, at)));
    } catch (RuntimeException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      // another call inserted the same channel's first row at the same moment: now it updates
      jdbi.useTransaction(handle -> channels.forEach(c -> set(handle, c, paused, reason, by, at)));
    }
  }

  private static void set(
      Handle handle, Channel channel, boolean paused, String reason, String by, Instant at) {
    String kept = paused ? reason : null;
    int updated =
        handle
            .createUpdate(
                "UPDATE send_switch SET paused = :paused, reason = :reason, changed_at = :at,"
                    + " changed_by = :by WHERE channel = :channel")
            .bind("paused", paused)
            .bind("reason", kept)
            .bind("at", at)
            .bind("by", by)
            .bind("channel", channel.wireName())
            .execute();
    if (updated == 0) {
      handle
          .createUpdate(
              "INSERT INTO send_switch (channel, paused, reason, changed_at, changed_by)"
                  + " VALUES (:channel, :paused, :reason, :at, :by)")
          .bind("paused", paused)
          .bind("reason", kept)
          .bind("at", at)
          .bind("by", by)
          .bind("channel", channel.wireName())
          .execute();
    }
  }
}

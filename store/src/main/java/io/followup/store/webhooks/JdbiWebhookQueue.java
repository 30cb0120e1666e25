package io.followup.store.webhooks;

import io.followup.domain.webhooks.PendingWebhook;
import io.followup.domain.webhooks.WebhookAttempt;
import io.followup.domain.webhooks.WebhookQueue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The dispatcher's view of {@code webhook_outbox}. */
public final class JdbiWebhookQueue implements WebhookQueue {
  private static final int MAX_ERROR = 500;

  private final Jdbi jdbi;

  public JdbiWebhookQueue(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<PendingWebhook> claim(
      String url, int limit, Instant now, Instant leaseUntil, String owner) {
    return jdbi.inTransaction(
        handle -> {
          WebhookOutboxDao dao = handle.attach(WebhookOutboxDao.class);
          if (dao.lease(url, limit, now, leaseUntil, owner) == 0) {
            return List.of();
          }
          return dao.leasedBy(owner);
        });
  }

  @Override
  public void delivered(long id, String owner, WebhookAttempt attempt) {
    jdbi.useTransaction(
        handle -> {
          WebhookOutboxDao dao = handle.attach(WebhookOutboxDao.class);
          if (dao.delivered(id, owner, attempt.at()) == 1) {
            record(dao, id, attempt);
          }
        });
  }

  @Override
  public void retry(long id, String owner, Instant nextAttemptAt, WebhookAttempt attempt) {
    jdbi.useTransaction(
        handle -> {
          WebhookOutboxDao dao = handle.attach(WebhookOutboxDao.class);
          if (dao.retry(id, owner, nextAttemptAt, clip(attempt.summary())) == 1) {
            record(dao, id, attempt);
          }
        });
  }

  @Override
  public void dead(long id, String owner, WebhookAttempt attempt) {
    jdbi.useTransaction(
        handle -> {
          WebhookOutboxDao dao = handle.attach(WebhookOutboxDao.class);
          if (dao.dead(id, owner, attempt.at(), clip(attempt.summary())) == 1) {
            record(dao, id, attempt);
          }
        });
  }

  @Override
  public int sweep(Instant before, int limit) {
    return jdbi.withExtension(WebhookOutboxDao.class, dao -> dao.sweep(before, limit));
  }

  private static void record(WebhookOutboxDao dao, long id, WebhookAttempt attempt) {
    dao.attempt(id, attempt.at(), attempt.statusCode(), attempt.latencyMs(), clip(attempt.error()));
  }

  @Override
  public Map<String, Long> pendingByUrl() {
    return jdbi.withExtension(WebhookOutboxDao.class, WebhookOutboxDao::pendingByUrl);
  }

  private static String clip(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }
}

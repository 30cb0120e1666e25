package io.followup.store.webhooks;

import io.followup.domain.webhooks.PendingWebhook;
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
  public void delivered(long id) {
    jdbi.useExtension(WebhookOutboxDao.class, dao -> dao.delete(id));
  }

  @Override
  public void retry(long id, String owner, Instant nextAttemptAt, String error) {
    jdbi.useExtension(
        WebhookOutboxDao.class, dao -> dao.retry(id, owner, nextAttemptAt, clip(error)));
  }

  @Override
  public void dead(long id, String owner, Instant at, String error) {
    jdbi.useExtension(WebhookOutboxDao.class, dao -> dao.dead(id, owner, at, clip(error)));
  }

  @Override
  public Map<String, Long> pendingByUrl() {
    return jdbi.withExtension(WebhookOutboxDao.class, WebhookOutboxDao::pendingByUrl);
  }

  private static String clip(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }
}

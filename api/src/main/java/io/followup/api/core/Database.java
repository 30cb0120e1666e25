package io.followup.api.core;

import io.followup.store.Sql;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.UnableToRestoreAutoCommitStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where database failures become answers: unreachable or busy is a 503. */
final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private Database() {}

  static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      if (Sql.isUnavailable(e)) {
        throw ApiException.unavailable("the database");
      }
      if (Sql.isBusy(e)) {
        throw new ApiException(
            503,
            "the lead is busy with another update; nothing was changed"
                + " and the request can be retried");
      }
      throw e;
    }
  }

  static void run(Runnable work) {
    call(
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Runs {@code work} in one transaction, database failures answered as {@link #call} answers them.
   * A failure after the commit (returning the connection, say, while the database shuts down)
   * cannot undo it, so it is not reported as a failure: the caller gets the answer its committed
   * change deserves.
   */
  static void inTransaction(Jdbi jdbi, Consumer<Handle> work) {
    AtomicBoolean committed = new AtomicBoolean();
    run(
        () -> {
          try {
            jdbi.useTransaction(
                handle -> {
                  handle.afterCommit(() -> committed.set(true));
                  work.accept(handle);
                });
          } catch (RuntimeException e) {
            if (!committed.get() && !isAfterCommit(e)) {
              throw e;
            }
            log.warn("a transaction committed, then its connection failed: {}", Sql.describe(e));
          }
        });
  }

  /**
   * Jdbi restores a connection's auto-commit after {@code commit()} returned and before it runs the
   * after-commit callbacks: a failure there (the connection dying right after the commit) comes as
   * this exception, in the cause chain only on the commit path (a rollback's failure is added to
   * the work's own exception as suppressed).
   */
  private static boolean isAfterCommit(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnableToRestoreAutoCommitStateException) {
        return true;
      }
    }
    return false;
  }
}

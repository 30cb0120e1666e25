package io.followup.store;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/** Reading SQL failures the same way on PostgreSQL and H2. */
public final class Sql {
  private Sql() {}

  /**
   * Jdbi as the store uses it: a statement's failure does not render the statement's bound values
   * into its message (they are names, phones, emails and message bodies), so a failure that is
   * logged or travels into workflow history carries none of them.
   */
  public static Jdbi withoutValuesInErrors(Jdbi jdbi) {
    jdbi.getConfig(StatementExceptions.class)
        .setMessageRendering(StatementExceptions.MessageRendering.NONE);
    return jdbi;
  }

  /**
   * A failure described by its exception classes and SQL states only. Drivers put values in their
   * messages (PostgreSQL's "Key (phone)=(+1...)", H2's "Value too long ...: 'Ada'"), so the
   * messages are left out.
   */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null && text.length() < 500; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        text.append(" (SQLState ").append(sql.getSQLState()).append(')');
      }
    }
    return text.toString();
  }

  /**
   * Runs store work for a worker activity: a failure is rethrown as a {@link StoreException} that
   * names the classes and SQL states only (an activity's failure is logged and kept in workflow
   * history, and the driver's message may hold a lead's personal data). The activity retries it.
   */
  public static <T> T forActivity(Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      throw new StoreException("the store failed: " + describe(e));
    }
  }

  public static void forActivity(Runnable work) {
    forActivity(
        () -> {
          work.run();
          return null;
        });
  }

  /** SQLState 23505: a unique constraint (the primary key, the phone) was violated. */
  public static boolean isUniqueViolation(Throwable error) {
    return sqlState(error).map(state -> state.equals("23505")).orElse(false);
  }

  /**
   * Connection failures (class 08), server shutdown (57P), unreachable pools, and a database that
   * cannot read or write its files (an I/O error under an SQL one: the embedded H2 on a full disk
   * answers HY000 with the file's IOException beneath; the failed commit is not kept).
   */
  public static boolean isUnavailable(Throwable error) {
    boolean underSql = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (underSql && t instanceof java.io.IOException) {
        return true;
      }
      underSql |= t instanceof SQLException;
      if (t instanceof org.jdbi.v3.core.ConnectionException
          || t instanceof java.net.ConnectException
          || t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t.getClass().getName().endsWith("PoolExhaustedException")) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lock wait that timed out (H2 HYT00, PostgreSQL 55P03) or a serialization failure or deadlock
   * (40001, 40P01): the row is busy with another update; retrying is safe.
   */
  public static boolean isBusy(Throwable error) {
    return sqlState(error)
        .map(
            state ->
                state.equals("HYT00")
                    || state.equals("55P03")
                    || state.equals("40001")
                    || state.equals("40P01"))
        .orElse(false);
  }

  private static java.util.Optional<String> sqlState(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return java.util.Optional.of(sql.getSQLState());
      }
    }
    return java.util.Optional.empty();
  }
}

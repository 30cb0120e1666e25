package io.followup.store;

import java.sql.SQLException;

/** Reading SQL failures the same way on PostgreSQL and H2. */
public final class Sql {
  private Sql() {}

  /** SQLState 23505: a unique constraint (the primary key, the phone) was violated. */
  public static boolean isUniqueViolation(Throwable error) {
    return sqlState(error).map(state -> state.equals("23505")).orElse(false);
  }

  /** Connection failures (class 08), server shutdown (57P) and unreachable pools. */
  public static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
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

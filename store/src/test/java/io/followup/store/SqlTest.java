package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.h2.jdbc.JdbcSQLNonTransientException;
import org.h2.mvstore.MVStoreException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class SqlTest {

  /** What the embedded H2 threw on a full disk in the fault matrix (disk-full): 500 before. */
  @Test
  void aDatabaseThatCannotWriteItsFileIsUnavailable() {
    MVStoreException store = new MVStoreException(2, "Writing to file failed");
    store.initCause(new IOException("No space left on device"));
    RuntimeException full =
        new UnableToExecuteStatementException(
            new JdbcSQLNonTransientException(
                "General error: org.h2.mvstore.MVStoreException: Writing to file failed",
                null,
                "HY000",
                50000,
                store,
                null),
            null);

    assertThat(Sql.isUnavailable(full)).isTrue();
  }

  @Test
  void anIoErrorOutsideTheDatabaseIsNot() {
    assertThat(Sql.isUnavailable(new RuntimeException(new IOException("a socket of our own"))))
        .isFalse();
    assertThat(
            Sql.isUnavailable(
                new UnableToExecuteStatementException(
                    new JdbcSQLNonTransientException(
                        "Value too long", null, "22001", 22001, null, null),
                    null)))
        .isFalse();
  }
}

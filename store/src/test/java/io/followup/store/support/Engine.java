package io.followup.store.support;

import io.followup.store.Migrations;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A migrated database a storage test runs on: PostgreSQL (production) and H2 in PostgreSQL mode
 * (the embedded run), so every statement is shown on both.
 */
public record Engine(String name, Jdbi jdbi) {
  @Override
  public String toString() {
    return name;
  }

  /** The test class's PostgreSQL database (from {@link TestDatabases#create}) and a fresh H2. */
  public static Stream<Engine> postgresAndH2(String postgresDatabase) {
    return Stream.of(
        migrated("postgresql", TestDatabases.url(postgresDatabase), TestDatabases.USER),
        migrated(
            "h2",
            "jdbc:h2:mem:"
                + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "sa"));
  }

  private static Engine migrated(String name, String url, String user) {
    Migrations.migrate(url, user, "");
    Jdbi jdbi = Jdbi.create(url, user, "");
    jdbi.installPlugin(new SqlObjectPlugin());
    return new Engine(name, jdbi);
  }
}

package io.followup.store.support;

import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Databases as an earlier version left them, for migration tests: both engines (a PostgreSQL
 * database the test created, and an in-memory H2 in PostgreSQL mode), migrated up to a version.
 */
public final class OldDatabases {
  private OldDatabases() {}

  /** A JDBC URL and user; named by its engine in test reports. */
  public record Database(String name, String url, String user) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code postgresDatabase}: one {@link TestDatabases#create} made. */
  public static Stream<Database> both(String postgresDatabase) {
    return Stream.of(
        new Database("postgresql", TestDatabases.url(postgresDatabase), TestDatabases.USER),
        new Database(
            "h2",
            "jdbc:h2:mem:"
                + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "sa"));
  }

  /** The database with the migrations up to {@code version} applied. */
  public static Jdbi migratedTo(Database db, String version) {
    Flyway.configure()
        .dataSource(db.url(), db.user(), "")
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
    return Jdbi.create(db.url(), db.user(), "").installPlugin(new SqlObjectPlugin());
  }
}

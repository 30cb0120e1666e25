package io.followup.store.support;

import io.followup.store.Migrations;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

  private static final Map<String, List<Engine>> MIGRATED = new ConcurrentHashMap<>();

  /**
   * The test class's PostgreSQL database (from {@link TestDatabases#create}) and an H2 of its own,
   * each migrated once for the class: its tests share both, as they share the PostgreSQL database.
   */
  public static Stream<Engine> postgresAndH2(String postgresDatabase) {
    return MIGRATED
        .computeIfAbsent(
            postgresDatabase,
            name ->
                List.of(
                    migrated("postgresql", TestDatabases.url(name), TestDatabases.USER),
                    migrated(
                        "h2",
                        "jdbc:h2:mem:"
                            + UUID.randomUUID()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                            + ";LOCK_TIMEOUT=15000;DB_CLOSE_DELAY=-1",
                        "sa")))
        .stream();
  }

  /**
   * How many sessions of this database wait for a lock now: a test holding a transaction open sees
   * the other writer blocked on it (or not).
   */
  public long sessionsWaitingForALock() {
    String query =
        name.equals("h2")
            ? "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL"
            : "SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'";
    return jdbi.withHandle(h -> h.createQuery(query).mapTo(Long.class).one());
  }

  private static Engine migrated(String name, String url, String user) {
    Migrations.migrate(url, user, "");
    Jdbi jdbi = Jdbi.create(url, user, "");
    jdbi.installPlugin(new SqlObjectPlugin());
    return new Engine(name, jdbi);
  }
}

package io.followup.store;

import org.flywaydb.core.Flyway;

/** The schema's one owner: Flyway migrations in store/src/main/resources/db/migration. */
public final class Migrations {
  private Migrations() {}

  public static void migrate(String url, String user, String password) {
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}

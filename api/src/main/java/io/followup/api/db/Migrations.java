package io.followup.api.db;

import io.dropwizard.db.DataSourceFactory;
import org.flywaydb.core.Flyway;

/** The schema's one owner: Flyway migrations in api/src/main/resources/db/migration. */
public final class Migrations {
  private Migrations() {}

  public static void migrate(DataSourceFactory database) {
    Flyway.configure()
        .dataSource(database.getUrl(), database.getUser(), database.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}

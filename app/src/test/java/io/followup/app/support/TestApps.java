package io.followup.app.support;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.followup.app.FollowUpConfiguration;
import io.followup.store.support.TestDatabases;

/**
 * The application as the API tests run it: test-app.yml on a PostgreSQL database of their own, on a
 * clock the test moves ({@link AppOnTestClock}).
 */
public final class TestApps {
  private TestApps() {}

  /** The app on database {@code db} (from {@link TestDatabases#create}). */
  public static DropwizardAppExtension<FollowUpConfiguration> onDatabase(String db) {
    return new DropwizardAppExtension<>(
        AppOnTestClock.class,
        ResourceHelpers.resourceFilePath("test-app.yml"),
        ConfigOverride.config("database.url", TestDatabases.url(db)));
  }
}

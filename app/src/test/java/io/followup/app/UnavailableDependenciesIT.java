package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.TcpProxy;
import io.followup.store.support.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL or Temporal cannot be reached the API answers 503 with Retry-After, and the
 * request changed nothing.
 */
class UnavailableDependenciesIT {

  @Test
  void withTemporalUnreachableACreateIs503AndNothingIsStored() throws Exception {
    String db = TestDatabases.create();
    DropwizardTestSupport<FollowUpConfiguration> app =
        new DropwizardTestSupport<>(
            FollowUpApplication.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            ConfigOverride.config("database.url", TestDatabases.url(db)),
            ConfigOverride.config("temporal.embedded", "false"),
            ConfigOverride.config("temporal.target", "127.0.0.1:1"),
            // the create fails either way: at once (connection refused) or at this deadline
            ConfigOverride.config("temporal.updateTimeout", "500ms"),
            ConfigOverride.config("worker.roles", ""));
    app.before();
    try {
      Http http = new Http(app.getLocalPort());
      Reply created =
          http.post(
              "/v1/leads/create",
              lead(
                  "+15550199001", "\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\"}}"));

      assertThat(created.status()).isEqualTo(503);
      assertThat(created.message()).contains("Temporal").contains("nothing was stored");
      assertThat(created.raw().headers().firstValue("Retry-After")).isPresent();
      assertThat(http.get("/v1/leads").body().get("leads")).isEmpty();
      // the same lead can be created once Temporal is back: the phone was not taken
    } finally {
      app.after();
      TestDatabases.drop(db);
    }
  }

  @Test
  void withPostgresqlUnreachableRequestsAre503() throws Exception {
    String db = TestDatabases.create();
    try (TcpProxy proxy = new TcpProxy(TestDatabases.PORT)) {
      DropwizardTestSupport<FollowUpConfiguration> app =
          new DropwizardTestSupport<>(
              FollowUpApplication.class,
              ResourceHelpers.resourceFilePath("test-app.yml"),
              ConfigOverride.config("database.url", TestDatabases.url(db, proxy.port())));
      app.before();
      try {
        Http http = new Http(app.getLocalPort());
        Reply created = http.post("/v1/leads/create", lead("+15550199002", null));
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().get("id").asText();

        proxy.cut();

        Reply get = http.get("/v1/leads/" + id);
        Reply patch = http.patch("/v1/leads/" + id, "{\"additionalInfo\":{\"a\":1}}");
        Reply create = http.post("/v1/leads/create", lead("+15550199003", null));
        for (Reply reply : new Reply[] {get, patch, create}) {
          assertThat(reply.status()).as(reply.body().toString()).isEqualTo(503);
          assertThat(reply.message()).contains("database");
          assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
        }
      } finally {
        app.after();
      }
    } finally {
      TestDatabases.drop(db);
    }
  }
}

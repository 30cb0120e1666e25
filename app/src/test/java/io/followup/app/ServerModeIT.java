package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.Ports;
import io.followup.app.support.TemporalTime;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.WorkflowIds;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The production shape against a Temporal server reached over the network (here the in-memory
 * service bound to a port, which starts with no custom search attributes): the API registers the
 * attributes itself, and an API process and a worker process share the work through task queues.
 */
class ServerModeIT {

  @Test
  void anApiAndASeparateWorkerProcessRunALeadThroughATemporalTarget() throws Exception {
    int temporalPort = Ports.free();
    String db = TestDatabases.create();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort, true);
    // one set of overrides per process: a ConfigOverride remembers the system property it
    // replaced, so an instance shared by both would leave the property set for later test classes
    java.util.function.Supplier<ConfigOverride[]> common =
        () ->
            new ConfigOverride[] {
              ConfigOverride.config("database.url", TestDatabases.url(db)),
              ConfigOverride.config("temporal.embedded", "false"),
              ConfigOverride.config("temporal.target", "127.0.0.1:" + temporalPort)
            };
    DropwizardTestSupport<FollowUpConfiguration> api =
        new DropwizardTestSupport<>(
            FollowUpApplication.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            concat(common.get(), ConfigOverride.config("worker.roles", "")));
    DropwizardTestSupport<FollowUpConfiguration> worker =
        new DropwizardTestSupport<>(
            FollowUpApplication.class,
            ResourceHelpers.resourceFilePath("test-app.yml"),
            concat(
                common.get(),
                ConfigOverride.config("api.enabled", "false"),
                ConfigOverride.config("worker.roles", "workflows,text,call,email")));
    api.before();
    worker.before();
    try {
      Http http = new Http(api.getLocalPort());
      // registration runs in the background: the first create may come before it is done
      Reply created =
          Poll.until(
              Duration.ofSeconds(30),
              () ->
                  http.post(
                      "/v1/leads/create",
                      lead(
                          "+15550188001",
                          "\"email\":\"ada@example.com\",\"followUpConfig\":{\"1\":{\"hours\":0.0005,\"channel\":\"email\"}}")),
              reply -> reply.status() == 200);
      String id = created.body().get("id").asText();
      // 0.0005 h: the step falls due as the test lets that time pass on the test server
      TemporalTime.skip(
          ((FollowUpApplication) api.getApplication()).temporal().service().getRawChannel(),
          Duration.ofMillis(1_800));

      Poll.until(
          Duration.ofSeconds(20),
          () -> http.get("/v1/leads/" + id + "/events?types=EMAIL").body().get("events").size(),
          n -> n == 1);
      var stub =
          ((FollowUpApplication) api.getApplication())
              .temporal()
              .client()
              .newUntypedWorkflowStub(WorkflowIds.forLead(id));
      // the ledger records the send before the workflow hears back and upserts its attributes
      var attributes =
          Poll.until(
              Duration.ofSeconds(10),
              () -> stub.describe().getTypedSearchAttributes(),
              a -> a.containsKey(FollowUpSearchAttributes.LAST_FOLLOW_UP_OUTCOME));
      assertThat(attributes.get(FollowUpSearchAttributes.LEAD_ID)).isEqualTo(id);
      assertThat(attributes.get(FollowUpSearchAttributes.LAST_FOLLOW_UP_OUTCOME)).isEqualTo("SENT");
      // the worker process serves no HTTP API, only its admin port
      assertThat(
              ((DefaultServerFactory) worker.getConfiguration().getServerFactory())
                  .getApplicationConnectors())
          .isEmpty();
      var health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + worker.getAdminPort() + "/healthcheck"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"temporal\":{\"healthy\":true")
          .contains("\"database\":{\"healthy\":true");
    } finally {
      worker.after();
      api.after();
      temporal.close();
      TestDatabases.drop(db);
    }
  }

  private static ConfigOverride[] concat(ConfigOverride[] common, ConfigOverride... more) {
    ConfigOverride[] all = java.util.Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, all, common.length, more.length);
    return all;
  }
}

package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import io.followup.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code DELETE /v1/leads/{id}} (our extension, for privacy requests): the workflow ends, the
 * personal data and message texts are erased, the row stays for list sync, GET is 404, and a second
 * DELETE answers the same.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeleteLeadIT {
  private static final String DB = TestDatabases.create();
  private static final String PHONE = "+1 (555) 040-1234";

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private Reply delete(String id) {
    return http().send(http().request("/v1/leads/" + id, Http.KEY).DELETE().build());
  }

  @Test
  void anErasedLeadKeepsOnlyWhatSyncNeeds() {
    Instant start = Instant.now();
    Reply created =
        http()
            .post(
                "/v1/leads/create",
                lead(
                    PHONE,
                    "\"email\":\"ada@example.com\",\"externalLeadId\":\"crm-9\","
                        + "\"additionalInfo\":{\"company\":\"Acme\"},"
                        + "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String id = created.body().get("id").asText();
    assertThat(
            http()
                .post(
                    "/v1/leads/" + id + "/addContext",
                    "{\"context\":\"called, call back\",\"command\":\"Schedule a call back\"}")
                .status())
        .isEqualTo(200);

    // the delivery log holds copies of the lead's webhooks: a delivered one and one still to go
    Jdbi jdbi = Jdbi.create(TestDatabases.url(DB), TestDatabases.USER, "");
    for (String status : List.of("DELIVERED", "PENDING")) {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO webhook_outbox (event_id, event, lead_id, url, body, created_at,"
                          + " next_attempt_at, status) VALUES (:eventId, 'lead.additionalInfo"
                          + ".updated', :id, 'https://crm.example/hook', :body, :at, :at, :status)")
                  .bind("eventId", java.util.UUID.randomUUID().toString())
                  .bind("id", id)
                  .bind("body", "{\"phone\":\"+15550401234\",\"company\":\"Acme\"}")
                  .bind("at", Instant.now())
                  .bind("status", status)
                  .execute());
    }

    Reply deleted = delete(id);
    assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("Lead deleted successfully.");

    assertThat(http().get("/v1/leads/" + id).status()).isEqualTo(404);
    assertThat(http().patch("/v1/leads/" + id, "{\"isHot\":true}").status()).isEqualTo(404);
    assertThat(http().get("/v1/leads/" + id + "/events").status()).isEqualTo(404);
    assertThat(
            ((FollowUpApplication) APP.getApplication())
                .temporal()
                .client()
                .newUntypedWorkflowStub(WorkflowIds.forLead(id))
                .describe()
                .getWorkflowExecutionInfo()
                .getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);

    JsonNode listed =
        http()
            .get(
                "/v1/leads?updatedSince="
                    + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8))
            .body()
            .get("leads")
            .get(0);
    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.get("deleted").asBoolean()).isTrue();
    assertThat(listed.get("deletedAt").asText()).isEqualTo(listed.get("updatedAt").asText());
    assertThat(listed.get("externalLeadId").asText()).isEqualTo("crm-9");
    assertThat(listed.get("firstName").asText()).isEmpty();
    assertThat(listed.get("phone").isNull()).isTrue();
    assertThat(listed.get("email").isNull()).isTrue();
    assertThat(listed.get("additionalInfo")).isEmpty();
    assertThat(listed.get("isAiOn").asBoolean()).isFalse();
    assertThat(listed.get("nextFollowUpAt").isNull()).isTrue();

    List<String> data =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT data FROM lead_events WHERE lead_id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .list());
    assertThat(data).isNotEmpty().noneMatch(d -> d.contains("call back"));
    // no delivered copy is left to replay; what was still to deliver goes as it was committed
    List<String> kept =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT status FROM webhook_outbox WHERE lead_id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .list());
    assertThat(kept).containsExactly("PENDING");

    // idempotent; the phone is free for a new lead
    assertThat(delete(id).status()).isEqualTo(200);
    assertThat(http().post("/v1/leads/create", lead(PHONE, null)).status()).isEqualTo(200);
  }

  @Test
  void anUnknownLeadIs404() {
    assertThat(delete("no-such-lead").status()).isEqualTo(404);
  }
}

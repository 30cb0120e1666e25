package io.followup.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.followup.api.core.ApiException;
import io.followup.api.core.LeadReads;
import io.followup.api.core.LeadRequests;
import io.followup.api.core.LeadWrites;
import io.followup.api.core.StrategyLookup;
import io.followup.api.core.command.CreateLead;
import io.followup.api.core.view.EventPage;
import io.followup.api.core.view.LeadPage;
import io.followup.api.core.view.LeadView;
import io.followup.api.core.view.MessagesView;
import io.followup.workflows.model.Channel;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LeadResource} with its filters and error mappers, as the application registers them, over
 * fake use cases (the real request parsing, an in-memory store): every status the resource layer
 * can answer, each as {@code {"message": ...}}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LeadResourceTest {
  private static final String KEY = "resource-test-key";
  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final Pattern LEAK =
      Pattern.compile(
          "\\b(java|jakarta|com\\.fasterxml|org\\.glassfish|io\\.followup)\\.|Exception");
  private static final FakeLeads LEADS = new FakeLeads();

  static final ResourceExtension RESOURCE =
      ResourceExtension.builder()
          .setMapper(JSON)
          .setRegisterDefaultExceptionMappers(false)
          .addProvider(new ApiKeyFilter(List.of(KEY)))
          .addProvider(new BodyLimitFilter(1024))
          .addProvider(new ErrorMappers.Api())
          .addProvider(new ErrorMappers.Web())
          .addProvider(new ErrorMappers.Processing())
          .addProvider(new ErrorMappers.Unexpected())
          .addResource(new LeadResource(LEADS, LEADS, new JsonBodies(JSON)))
          .build();

  @BeforeEach
  void reset() {
    LEADS.leads.clear();
    LEADS.temporalDown = false;
  }

  private static Invocation.Builder request(String path) {
    return RESOURCE.target(path).request().header(ApiKeyFilter.HEADER, KEY);
  }

  private static Response post(String body) {
    return request("/v1/leads/create").post(Entity.json(body));
  }

  private static Response patch(String id, String body) {
    return request("/v1/leads/" + id).method("PATCH", Entity.json(body));
  }

  private static String lead(String phone) {
    return "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"phone\":\"" + phone + "\"}";
  }

  /** The body, checked: JSON; an error's is {"message": "..."} naming no class. */
  private static JsonNode body(Response response, int status) {
    String text = response.readEntity(String.class);
    assertThat(response.getStatus()).as(text).isEqualTo(status);
    try {
      JsonNode body = JSON.readTree(text);
      if (status >= 300) {
        assertThat(body.path("message").isTextual()).as(text).isTrue();
        assertThat(LEAK.matcher(text).find()).as(text).isFalse();
      }
      return body;
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private String create(String phone) {
    return body(post(lead(phone)), 200).get("id").asText();
  }

  @Test
  void ok200OnEveryEndpoint() {
    JsonNode created = body(post(lead("+15555550100")), 200);
    assertThat(created.get("message").asText()).isEqualTo("Lead created successfully.");
    String id = created.get("id").asText();

    assertThat(body(request("/v1/leads/" + id).get(), 200).get("phone").asText())
        .isEqualTo("+15555550100");
    assertThat(body(patch(id, "{\"email\":\"ada@example.com\"}"), 200).get("message").asText())
        .isEqualTo("Lead updated successfully.");
    assertThat(body(request("/v1/leads").get(), 200).get("leads")).hasSize(1);
    assertThat(body(request("/v1/leads/" + id + "/events").get(), 200).get("events")).isEmpty();
  }

  @Test
  void badInputIs400NamingTheField() {
    assertThat(body(post("{\"lastName\":\"L\",\"phone\":\"+15555550101\"}"), 400).get("message"))
        .hasToString("\"firstName: is required\"");
    String id = create("+15555550102");
    assertThat(body(patch(id, "{\"emial\":\"a@b.co\"}"), 400).get("message").asText())
        .isEqualTo("emial: unknown field");
    assertThat(
            body(
                    RESOURCE
                        .target("/v1/leads")
                        .queryParam("limit", "many")
                        .request()
                        .header(ApiKeyFilter.HEADER, KEY)
                        .get(),
                    400)
                .get("message")
                .asText())
        .isEqualTo("limit: must be an integer");
    assertThat(body(post("{\"firstName\":NaN}"), 400).get("message").asText())
        .startsWith("body: is not valid JSON (line 1, column");
    assertThat(body(patch(id, "{}{}"), 400).get("message").asText())
        .startsWith("body: is not valid JSON");
    assertThat(body(post("[".repeat(500)), 400).get("message").asText())
        .startsWith("body: nests arrays and objects more than");
    assertThat(
            body(
                    request("/v1/leads/create")
                        .post(
                            Entity.entity(
                                new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
                                "application/json")),
                    400)
                .get("message")
                .asText())
        .isEqualTo("body: is not valid UTF-8");
    assertThat(body(patch(id, "{\"followUpStep\":1e999}"), 400).get("message").asText())
        .isEqualTo("body: holds a number out of range");
  }

  @Test
  void addContextNeedsContextAdditionalInfoOrCommandAndNoUnknownField() {
    String id = create("+15555550120");
    assertThat(body(addContext(id, "{\"context\":\"met at the fair\"}"), 200).get("message"))
        .hasToString("\"Success\"");
    body(addContext(id, "{\"additionalInfo\":{\"k\":1}}"), 200);
    assertThat(body(addContext(id, "{}"), 400).get("message").asText())
        .isEqualTo("context: is required (or additionalInfo, or command)");
    body(addContext(id, "{\"command\":\"Schedule a follow up for next week.\"}"), 200);
    assertThat(body(addContext(id, "{\"command\":true}"), 400).get("message").asText())
        .isEqualTo("command: must be a string");
    assertThat(body(addContext(id, "{\"contxt\":\"x\"}"), 400).get("message").asText())
        .isEqualTo("contxt: unknown field");
    assertThat(body(addContext(id, "{\"context\":\" \"}"), 400).get("message").asText())
        .isEqualTo("context: must not be blank");
    assertThat(body(addContext(id, "{\"context\":3}"), 400).get("message").asText())
        .isEqualTo("context: must be a string");
    String tooLong = "{\"context\":\"" + "x".repeat(LeadRequests.MAX_CONTEXT + 1) + "\"}";
    assertThat(LeadRequestsAccess.parseFails(tooLong)).contains("at most 10000");
    body(addContext("no-such-lead", "{\"context\":\"x\"}"), 404);
    body(
        request("/v1/leads/" + id + "/addContext")
            .post(Entity.entity("context", MediaType.TEXT_PLAIN)),
        415);
  }

  @Test
  void sendMessageNeedsANonBlankMessageAndKnownFieldsOfTheirTypes() {
    String id = create("+15555550121");
    assertThat(body(sendMessage(id, "{\"message\":\"hi\"}"), 200).get("message").asText())
        .isEqualTo("Message sent successfully.");
    body(
        sendMessage(
            id,
            "{\"message\":\"hi\",\"scheduledTime\":\"2026-01-05T09:00:00-05:00\","
                + "\"overrideBusinessHours\":true,\"sendWhenOff\":false,"
                + "\"scheduleFollowUps\":true}"),
        200);
    assertThat(body(sendMessage(id, "{}"), 400).get("message").asText())
        .isEqualTo("message: is required and must not be blank");
    assertThat(body(sendMessage(id, "{\"message\":\"  \"}"), 400).get("message").asText())
        .isEqualTo("message: is required and must not be blank");
    assertThat(
            body(sendMessage(id, "{\"message\":\"hi\",\"sendWhenOf\":true}"), 400)
                .get("message")
                .asText())
        .isEqualTo("sendWhenOf: unknown field");
    assertThat(body(sendMessage(id, "{\"message\":7}"), 400).get("message").asText())
        .isEqualTo("message: must be a string");
    assertThat(
            body(sendMessage(id, "{\"message\":\"hi\",\"sendWhenOff\":\"yes\"}"), 400)
                .get("message")
                .asText())
        .isEqualTo("sendWhenOff: must be true or false");
    assertThat(
            body(
                    sendMessage(id, "{\"message\":\"hi\",\"scheduledTime\":\"2026-01-05 09:00\"}"),
                    400)
                .get("message")
                .asText())
        .startsWith("scheduledTime: must be an ISO-8601 date-time with an offset or Z");
    // no offset: ambiguous, refused
    body(sendMessage(id, "{\"message\":\"hi\",\"scheduledTime\":\"2026-01-05T09:00:00\"}"), 400);
    assertThat(
            LeadRequestsAccess.parseSendFails(
                "{\"message\":\"" + "x".repeat(LeadRequests.MAX_MESSAGE + 1) + "\"}"))
        .contains("at most 1600");
    body(sendMessage("no-such-lead", "{\"message\":\"x\"}"), 404);
    body(
        request("/v1/leads/" + id + "/sendMessage").post(Entity.entity("hi", MediaType.TEXT_PLAIN)),
        415);
  }

  @Test
  void strategyIdsAreCappedAndA400RepeatsAtMost64CharactersOfAnId() {
    String id = create("+15555550109");
    StringBuilder ids = new StringBuilder();
    for (int i = 1; i <= 21; i++) {
      ids.append(i == 1 ? "" : ",").append("\"s").append(i).append('"');
    }
    String many =
        "{\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":["
            + ids
            + "]}}}";
    assertThat(body(patch(id, many), 400).get("message").asText())
        .isEqualTo("followUpConfig.1.strategyIds: must hold at most 20 ids");

    String longId = "x".repeat(64) + "y".repeat(300);
    String unknown =
        "{\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":[\""
            + longId
            + "\"]}}}";
    assertThat(body(patch(id, unknown), 400).get("message").asText())
        .isEqualTo("followUpConfig.1.strategyIds: unknown strategy id '" + "x".repeat(64) + "...'");
  }

  @Test
  void aScheduledTimeBeyondTenYearsIs400NamingTheField() {
    String id = create("+15555550108");
    java.time.Instant now = java.time.Instant.now();
    String inTime = now.plus(java.time.Duration.ofHours(87_599)).toString();
    body(sendMessage(id, "{\"message\":\"x\",\"scheduledTime\":\"" + inTime + "\"}"), 200);
    String late = now.plus(java.time.Duration.ofHours(87_601)).toString();
    for (String at : List.of(late, "+99999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")) {
      assertThat(
              body(sendMessage(id, "{\"message\":\"x\",\"scheduledTime\":\"" + at + "\"}"), 400)
                  .get("message")
                  .asText())
          .as(at)
          .isEqualTo("scheduledTime: must be at most 87600 hours from now");
    }
  }

  private static Response sendMessage(String id, String json) {
    return request("/v1/leads/" + id + "/sendMessage")
        .post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  private static Response addContext(String id, String json) {
    return request("/v1/leads/" + id + "/addContext")
        .post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  /** The body limit of this test's resource (1 KiB) is below the context's: the parser alone. */
  static final class LeadRequestsAccess {
    static String parseSendFails(String json) {
      try {
        new LeadRequests(StrategyLookup.none())
            .parseSendMessage(JSON.readTree(json), java.time.Instant.now());
        return "parsed";
      } catch (ApiException e) {
        return e.getMessage();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    static String parseFails(String json) {
      try {
        new LeadRequests(StrategyLookup.none()).parseAddContext(JSON.readTree(json));
        return "parsed";
      } catch (ApiException e) {
        return e.getMessage();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aMissingOrUnknownKeyIs403() {
    assertThat(body(RESOURCE.target("/v1/leads").request().get(), 403).get("message").asText())
        .contains("x-api-key");
    assertThat(
            body(
                    RESOURCE
                        .target("/v1/leads")
                        .request()
                        .header(ApiKeyFilter.HEADER, "wrong")
                        .get(),
                    403)
                .get("message")
                .asText())
        .isEqualTo("Invalid API key.");
  }

  @Test
  void anUnknownLeadIs404AndAnImpossibleIdNeedsNoLookup() {
    body(request("/v1/leads/no-such-lead").get(), 404);
    body(patch("no-such-lead", "{}"), 404);
    body(request("/v1/leads/no-such-lead/events").get(), 404);

    int lookups = LEADS.lookups;
    JsonNode tooLong = body(request("/v1/leads/" + "x".repeat(65)).get(), 404);
    assertThat(tooLong.get("message").asText()).doesNotContain("xxxxxxxx");
    assertThat(LEADS.lookups).isEqualTo(lookups);
    body(request("/v1/nothing-here").get(), 404);
  }

  @Test
  void aDuplicatePhoneIs409() {
    create("+15555550103");
    assertThat(body(post(lead("+1 555 555 0103")), 409).get("message").asText())
        .startsWith("phone:");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "{\"firstName\":\"" + "x".repeat(2000) + "\"}";
    assertThat(body(post(big), 413).get("message").asText()).contains("1024");
  }

  @Test
  void aBodyNotDeclaredAsJsonIs415() {
    body(request("/v1/leads/create").post(Entity.entity("hi", "text/plain")), 415);
    byte[] lead = lead("+15555550104").getBytes(StandardCharsets.UTF_8);
    JsonNode bogus =
        body(
            request("/v1/leads/create")
                .post(Entity.entity(lead, "application/json; charset=bogus")),
            415);
    assertThat(bogus.get("message").asText()).contains("charset");
    String id = create("+15555550105");
    body(
        request("/v1/leads/" + id)
            .method("PATCH", Entity.entity("{}".getBytes(), "application/json; charset=nope")),
        415);
  }

  @Test
  void anUnknownMethodIs405WithAMessage() {
    String id = create("+15555550106");
    assertThat(body(request("/v1/leads/" + id).put(Entity.json("{}")), 405).get("message").asText())
        .isEqualTo("Method not allowed.");
  }

  @Test
  void anUnavailableDependencyIs503WithRetryAfter() {
    String id = create("+15555550107");
    LEADS.temporalDown = true;
    Response response = patch(id, "{\"followUpStep\":-1}");
    assertThat(response.getHeaderString("Retry-After")).isEqualTo(ErrorMappers.RETRY_AFTER);
    assertThat(body(response, 503).get("message").asText()).contains("retried");
  }

  @Test
  void anUnexpectedFailureIs500SayingOnlyThatItWasLogged() {
    assertThat(body(request("/v1/leads/explode").get(), 500).get("message").asText())
        .isEqualTo("Internal error; it has been logged.");
  }

  /** The use cases in memory, parsing with the real {@link LeadRequests}. */
  static final class FakeLeads implements LeadWrites, LeadReads {
    @Override
    public void delete(String leadId) {
      if (leads.remove(leadId) == null) {
        throw ApiException.notFound(leadId);
      }
    }

    final Map<String, CreateLead> leads = new ConcurrentHashMap<>();
    final LeadRequests requests =
        new LeadRequests(StrategyLookup.of(Map.of("welcome-back", Channel.TEXT)));
    volatile boolean temporalDown;
    volatile int lookups;

    @Override
    public String create(JsonNode body) {
      CreateLead lead = requests.parseCreate(body);
      if (leads.values().stream().anyMatch(l -> l.phone().equals(lead.phone()))) {
        throw new ApiException(409, "phone: a lead with phone " + lead.phone() + " exists");
      }
      String id = UUID.randomUUID().toString();
      leads.put(id, lead);
      return id;
    }

    @Override
    public void update(String leadId, JsonNode body, String idempotencyKey) {
      requests.parseUpdate(body);
      find(leadId);
      if (temporalDown) {
        throw ApiException.unavailable("Temporal");
      }
    }

    @Override
    public void sendMessage(String leadId, JsonNode body, String idempotencyKey) {
      requests.parseSendMessage(body, java.time.Instant.now());
      find(leadId);
    }

    @Override
    public void addContext(String leadId, JsonNode body) {
      requests.parseAddContext(body);
      find(leadId);
    }

    private CreateLead find(String leadId) {
      lookups++;
      if (leadId.equals("explode")) {
        throw new IllegalStateException("a bug in io.followup.Something");
      }
      CreateLead lead = leads.get(leadId);
      if (lead == null) {
        throw ApiException.notFound(leadId);
      }
      return lead;
    }

    @Override
    public LeadView get(String leadId) {
      return view(leadId, find(leadId));
    }

    private LeadView view(String id, CreateLead lead) {
      return new LeadView(
          id,
          lead.firstName(),
          lead.lastName(),
          lead.phone(),
          lead.email(),
          lead.timezone(),
          lead.state(),
          lead.consent() == null
              ? null
              : JSON.createObjectNode()
                  .put("source", lead.consent().source())
                  .put("capturedAt", lead.consent().capturedAt().toString()),
          lead.customerProfile(),
          JSON.createObjectNode(),
          false,
          false,
          false,
          0,
          "UNSCHEDULED",
          null,
          JSON.createObjectNode(),
          false,
          "2026-01-01T00:00:00Z",
          "2026-01-01T00:00:00Z",
          lead.externalLeadId(),
          false,
          false,
          true,
          java.util.List.of(),
          null,
          null,
          false,
          null,
          null,
          null);
    }

    @Override
    public LeadPage list(Integer limit, String nextToken, String updatedSince, String since) {
      return new LeadPage(
          leads.entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList(), null);
    }

    @Override
    public EventPage events(
        String leadId, Integer limit, String nextToken, String since, String types) {
      find(leadId);
      return new EventPage(List.of(), null);
    }

    @Override
    public MessagesView messages(String leadId) {
      return new MessagesView(List.of());
    }
  }
}

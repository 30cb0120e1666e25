package io.followup.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.AppOnTestClock;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.Poll;
import io.followup.app.support.TwilioCallbacks;
import io.followup.store.support.TestDatabases;
import io.followup.store.support.WebhookReceiver;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC "Conversations" through HTTP: Twilio's inbound-message and status callbacks, signed by this
 * test with Twilio's documented scheme (HMAC-SHA1 under the auth token over the public URL and the
 * parameters sorted by name, name and value concatenated, base64), against the application with
 * TEXT_PROVIDER and CALL_PROVIDER at a WireMock double of Twilio's REST API, so "nothing sent"
 * means "no request reached Twilio".
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConversationsIT {
  private static final String DB = TestDatabases.create();
  private static final String TOKEN = "conversations-it-token";
  private static final String PUBLIC = "https://followup.example.com";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TWILIO_API = "/2010-04-01/Accounts/" + ACCOUNT;
  private static final String HELP = "Acme & Co <follow-ups>: reply STOP to opt out";
  private static final AtomicInteger PHONES = new AtomicInteger(4000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();
  private static final WireMockServer TWILIO = twilioDouble();

  /** step 1: a text in 24 h: nothing due during a test unless a PATCH makes it so. */
  private static final String LATER =
      "\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}},\"followUpStep\":1";

  /** A text and a call due 0.0003 h (1.08 s) apart, after {@link #STEP} from now. */
  private static final String NOW =
      "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"},"
          + "\"2\":{\"hours\":0.0003,\"channel\":\"call\"}},\"followUpStep\":1}";

  /** 0.0003 h: the test lets it pass on its clock ({@link AppOnTestClock#advance}). */
  private static final Duration STEP = Duration.ofMillis(1_080);

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          AppOnTestClock.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("webhooks.urls", RECEIVER.url()),
          ConfigOverride.config("webhooks.secret", "conversations-secret"),
          ConfigOverride.config("webhooks.pollEvery", "50ms"),
          ConfigOverride.config("providers.text", "twilio"),
          ConfigOverride.config("providers.call", "twilio"),
          ConfigOverride.config("providers.twilio.accountSid", ACCOUNT),
          ConfigOverride.config("providers.twilio.authToken", TOKEN),
          ConfigOverride.config("providers.twilio.fromNumber", "+15005550006"),
          ConfigOverride.config("providers.twilio.apiBaseUrl", TWILIO.baseUrl()),
          ConfigOverride.config("conversations.publicBaseUrl", PUBLIC + "/"),
          ConfigOverride.config("conversations.helpText", HELP));

  private static WireMockServer twilioDouble() {
    WireMockServer twilio = new WireMockServer(options().dynamicPort());
    twilio.start();
    twilio.stubFor(
        post(urlEqualTo(TWILIO_API + "/Messages.json"))
            .willReturn(json(201, "{\"sid\":\"SMreply0001\",\"status\":\"queued\"}")));
    twilio.stubFor(
        post(urlEqualTo(TWILIO_API + "/Calls.json"))
            .willReturn(json(201, "{\"sid\":\"CAcall0001\",\"status\":\"queued\"}")));
    twilio.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                urlPathMatching(TWILIO_API + "/Calls/.*"))
            .willReturn(json(200, "{\"sid\":\"CAcall0001\",\"status\":\"completed\"}")));
    return twilio;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @AfterAll
  static void cleanUp() {
    RECEIVER.close();
    TWILIO.stop();
    TestDatabases.drop(DB);
  }

  // ---- Twilio's side, as its documentation describes it ----

  /** Twilio's request signature: base64 HMAC-SHA1 of the URL + each parameter's name and value. */
  static String sign(String url, Map<String, String> params) {
    return TwilioCallbacks.sign(TOKEN, url, params);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  /** A callback as Twilio sends it: form-encoded, no API key, with {@code signature}. */
  private Reply callback(String path, Map<String, String> params, String signature) {
    String form =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        http()
            .request(path, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return rawReply(http(), request.build());
  }

  /** The answer with its body as text (TwiML is no JSON). */
  private static Reply rawReply(Http http, HttpRequest request) {
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().startsWith("{")
              ? JSON.readTree(response.body())
              : JSON.createObjectNode();
      return new Reply(response.statusCode(), body, response);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Reply signed(String path, Map<String, String> params) {
    return callback(path, params, sign(PUBLIC + path, params));
  }

  private static Map<String, String> text(String from, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    params.put("AccountSid", ACCOUNT);
    params.put("From", from);
    params.put("To", "+15005550006");
    params.put("Body", body);
    return params;
  }

  private Reply inbound(String from, String body) {
    return signed("/v1/webhooks/twilio/sms", text(from, body));
  }

  // ---- the lead's side ----

  private record Lead(String id, String phone) {}

  private Lead create(String extra) {
    String phone = "+1555021" + PHONES.incrementAndGet();
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return new Lead(reply.body().get("id").asText(), phone);
  }

  private JsonNode get(Lead lead) {
    Reply reply = http().get("/v1/leads/" + lead.id());
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  /** The lead's texts to us: inbound MESSAGE events. */
  private List<JsonNode> received(Lead lead) {
    return events(lead, "MESSAGE").stream()
        .filter(e -> e.at("/data/direction").asText().equals("INBOUND"))
        .toList();
  }

  private List<JsonNode> events(Lead lead, String types) {
    Reply reply = http().get("/v1/leads/" + lead.id() + "/events?types=" + types);
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    reply.body().get("events").forEach(events::add);
    return events;
  }

  private List<JsonNode> awaitEvents(Lead lead, String types, int count) {
    return Poll.until(Duration.ofSeconds(30), () -> events(lead, types), l -> l.size() >= count);
  }

  private static List<JsonNode> webhooksOf(Lead lead) {
    return RECEIVER.accepted().stream()
        .map(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .filter(body -> body.get("data").path("leadId").asText().equals(lead.id()))
        .toList();
  }

  private static List<JsonNode> awaitWebhooks(Lead lead, String event, int count) {
    return Poll.until(
        Duration.ofSeconds(20),
        () -> webhooksOf(lead).stream().filter(w -> w.get("event").asText().equals(event)).toList(),
        l -> l.size() >= count);
  }

  private static int twilioRequestsTo(String resource, String phone) {
    return TWILIO
        .findAll(
            postRequestedFor(urlEqualTo(TWILIO_API + resource))
                .withRequestBody(
                    containing("To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8))))
        .size();
  }

  // ---- the tests ----

  @Test
  void stopBlocksTheNextTextAndCallAndStartRestoresThem() {
    Lead lead = create(LATER);

    Reply stop = inbound(lead.phone(), "STOP");

    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
    // Twilio did not handle it (no OptOutType): the confirmation, without marketing
    assertThat(stop.raw().body())
        .contains(
            "<Response><Message>You are unsubscribed and will get no more messages from this"
                + " number. Reply START to resubscribe.</Message></Response>");
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isTrue();
    JsonNode optOut = events(lead, "OPT_OUT").get(0).get("data");
    assertThat(optOut.get("channel").asText()).isEqualTo("sms");
    assertThat(optOut.get("reason").asText()).isEqualTo("KEYWORD");
    JsonNode hook = awaitWebhooks(lead, "optOut", 1).get(0).get("data");
    assertThat(hook.get("isTwilioOptOut").asBoolean()).isFalse();
    assertThat(hook.get("optOutMessage").asText()).isEqualTo("STOP");
    assertThat(hook.get("channel").asText()).isEqualTo("sms");

    // a text and a call come due one after the other: both are blocked, Twilio hears of neither
    assertThat(http().patch("/v1/leads/" + lead.id(), NOW).status()).isEqualTo(200);
    // step 2 is armed once step 1 is done: let a step's time pass until both went
    List<JsonNode> blocked =
        Poll.until(
            Duration.ofSeconds(30),
            () -> {
              AppOnTestClock.of(APP).advance(STEP);
              return events(lead, "COMPLIANCE_BLOCKED");
            },
            l -> l.size() >= 2);
    assertThat(blocked)
        .extracting(e -> e.get("data").get("channel").asText())
        .containsExactly("text", "call");
    assertThat(blocked)
        .allSatisfy(e -> assertThat(e.at("/data/status").asText()).isEqualTo("BLOCKED"));
    assertThat(events(lead, "MESSAGE,CALL")).isEmpty();
    assertThat(twilioRequestsTo("/Messages.json", lead.phone())).isZero();
    assertThat(twilioRequestsTo("/Calls.json", lead.phone())).isZero();

    // START: texts go again (and ask Twilio for status callbacks under PUBLIC_BASE_URL)
    Reply start = inbound(lead.phone(), "start");
    assertThat(start.status()).isEqualTo(200);
    assertThat(start.raw().body())
        .contains("<Message>You are resubscribed. Reply STOP to unsubscribe, HELP for help.");
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(events(lead, "OPT_IN")).hasSize(1);
    assertThat(http().patch("/v1/leads/" + lead.id(), NOW).status()).isEqualTo(200);
    AppOnTestClock.of(APP).advance(STEP);
    JsonNode sent = awaitEvents(lead, "MESSAGE", 1).get(0);
    assertThat(sent.at("/data/status").asText()).isEqualTo("SENT");
    assertThat(twilioRequestsTo("/Messages.json", lead.phone())).isEqualTo(1);
    // every text tells Twilio how long it may be delivered (no window here: Twilio's 10 hours)
    assertThat(
            TWILIO.findAll(
                postRequestedFor(urlEqualTo(TWILIO_API + "/Messages.json"))
                    .withRequestBody(containing("ValidityPeriod=36000"))))
        .hasSize(
            TWILIO.findAll(postRequestedFor(urlEqualTo(TWILIO_API + "/Messages.json"))).size());
    assertThat(
            TWILIO.findAll(
                postRequestedFor(urlEqualTo(TWILIO_API + "/Messages.json"))
                    .withRequestBody(
                        containing(
                            "StatusCallback="
                                + URLEncoder.encode(
                                    PUBLIC + "/v1/webhooks/twilio/status",
                                    StandardCharsets.UTF_8)))))
        .isNotEmpty();

    // Twilio reports the text delivered (twice: recorded once)
    Map<String, String> delivered = new LinkedHashMap<>();
    delivered.put("MessageSid", "SMreply0001");
    delivered.put("MessageStatus", "delivered");
    assertThat(signed("/v1/webhooks/twilio/status", delivered).status()).isEqualTo(200);
    assertThat(signed("/v1/webhooks/twilio/status", delivered).status()).isEqualTo(200);
    List<JsonNode> statuses = events(lead, "DELIVERY_STATUS");
    assertThat(statuses).hasSize(1);
    assertThat(statuses.get(0).at("/data/status").asText()).isEqualTo("DELIVERED");
    assertThat(statuses.get(0).at("/data/idempotencyKey").asText())
        .isEqualTo(sent.at("/data/idempotencyKey").asText());

    // a reply now credits that text
    assertThat(inbound(lead.phone(), "ok thanks").status()).isEqualTo(200);
    JsonNode received = received(lead).get(0).get("data");
    assertThat(received.get("creditedEventId").asLong()).isEqualTo(sent.get("id").asLong());
    assertThat(java.time.Instant.parse(received.get("creditedSentAt").asText()))
        .isCloseTo(
            java.time.Instant.parse(sent.get("timestamp").asText()),
            org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
    assertThat(received.has("creditedStrategyId")).isTrue();
  }

  /** Issue 19, as a lead would try it: a revocation in plain words, then a PATCH. */
  @Test
  void aRevocationPhraseOptsOutAndALaterPatchTextsNobody() {
    Lead lead = create(LATER);

    Reply reply = inbound(lead.phone(), "Please stop texting me, thanks");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().body()).contains("<Message>You are unsubscribed");
    JsonNode after = get(lead);
    assertThat(after.get("isUnsubscribed").asBoolean()).isTrue();
    assertThat(after.get("hasReplied").asBoolean()).isFalse();
    assertThat(received(lead)).isEmpty();
    JsonNode optOut = events(lead, "OPT_OUT").get(0).get("data");
    assertThat(optOut.get("channel").asText()).isEqualTo("sms");
    assertThat(optOut.get("reason").asText()).isEqualTo("PHRASE");
    JsonNode hook = awaitWebhooks(lead, "optOut", 1).get(0).get("data");
    assertThat(hook.get("optOutReason").asText()).isEqualTo("PHRASE");
    assertThat(hook.get("optOutMessage").asText()).isEqualTo("Please stop texting me, thanks");
    assertThat(hook.get("isTwilioOptOut").asBoolean()).isFalse();

    // a later PATCH schedules a text: it is blocked, Twilio hears nothing
    assertThat(
            http()
                .patch(
                    "/v1/leads/" + lead.id(),
                    "{\"followUpConfig\":{\"1\":{\"hours\":0.0003,\"channel\":\"text\"}},"
                        + "\"followUpStep\":1}")
                .status())
        .isEqualTo(200);
    List<JsonNode> blocked =
        Poll.until(
            Duration.ofSeconds(30),
            () -> {
              AppOnTestClock.of(APP).advance(STEP);
              return events(lead, "COMPLIANCE_BLOCKED");
            },
            l -> !l.isEmpty());
    assertThat(blocked.get(0).at("/data/reason").asText()).isEqualTo("OPTED_OUT");
    assertThat(twilioRequestsTo("/Messages.json", lead.phone())).isZero();
  }

  /** The near misses of the phrases are replies: REPLIED, not opted out. */
  @Test
  void nearMissesOfThePhrasesAreReplies() {
    for (String body :
        List.of(
            "Can't stop by today, call me tomorrow",
            "non-stop week, sorry!",
            "I can't stop thinking about that house",
            "Don't stop texting me the listings")) {
      Lead lead = create(LATER);
      assertThat(inbound(lead.phone(), body).status()).isEqualTo(200);
      JsonNode after = get(lead);
      assertThat(after.get("isUnsubscribed").asBoolean()).as(body).isFalse();
      assertThat(after.get("hasReplied").asBoolean()).as(body).isTrue();
      assertThat(after.get("followUpStatus").asText()).as(body).isEqualTo("REPLIED");
      assertThat(events(lead, "OPT_OUT")).as(body).isEmpty();
    }
  }

  @Test
  void keywordsAreCaseAndSpaceInsensitive() {
    List<String[]> pairs =
        List.of(
            new String[] {"  stop ", "START"},
            new String[] {"Stop", " unstop"},
            new String[] {"StopAll", "Yes "},
            new String[] {"unsubscribe", "start"},
            new String[] {" CANCEL", "Start"},
            new String[] {"end", "yes"},
            new String[] {"Quit", "START"},
            new String[] {"revoke", "START"},
            new String[] {"OptOut", "START"});
    for (String[] pair : pairs) {
      Lead lead = create(LATER);
      assertThat(inbound(lead.phone(), pair[0]).status()).isEqualTo(200);
      assertThat(get(lead).get("isUnsubscribed").asBoolean()).as("[%s]", pair[0]).isTrue();
      assertThat(inbound(lead.phone(), pair[1]).status()).isEqualTo(200);
      JsonNode after = get(lead);
      assertThat(after.get("isUnsubscribed").asBoolean()).as("[%s]", pair[1]).isFalse();
      // keywords are no reply
      assertThat(after.get("hasReplied").asBoolean()).isFalse();
      assertThat(after.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    }
  }

  /** The call's opt-out {@code <Gather>}: Twilio posts the key the called lead pressed. */
  private static Map<String, String> keyPress(String to, String digits) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA" + UUID.randomUUID().toString().replace("-", ""));
    params.put("AccountSid", ACCOUNT);
    params.put("From", "+15005550006");
    params.put("To", to);
    params.put("Digits", digits);
    return params;
  }

  @Test
  void theOptOutKeyOnACallOptsTheLeadOutOfCallsAndTexts() {
    Lead lead = create(LATER);
    String path = "/v1/webhooks/twilio/gather";

    // another key: the call ends, nothing changes
    Reply other = signed(path, keyPress(lead.phone(), "1"));
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.raw().body()).contains("<Hangup/>");
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isFalse();

    // forged: 403, nothing changes
    Map<String, String> nine = keyPress(lead.phone(), "9");
    Map<String, String> altered = new LinkedHashMap<>(nine);
    altered.put("Digits", "1");
    assertThat(callback(path, nine, sign(PUBLIC + path, altered)).status()).isEqualTo(403);
    assertThat(callback(path, nine, null).status()).isEqualTo(403);
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(events(lead, "OPT_OUT")).isEmpty();

    // 9, signed: opted out of calls and texts
    Reply pressed = signed(path, nine);
    assertThat(pressed.status()).isEqualTo(200);
    assertThat(pressed.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/xml");
    assertThat(pressed.raw().body()).contains("<Say>").contains("<Hangup/>");
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isTrue();
    JsonNode optOut = events(lead, "OPT_OUT").get(0).get("data");
    assertThat(optOut.get("channel").asText()).isEqualTo("call");
    assertThat(optOut.get("reason").asText()).isEqualTo("KEYPRESS");
    JsonNode hook = awaitWebhooks(lead, "optOut", 1).get(0).get("data");
    assertThat(hook.get("channel").asText()).isEqualTo("call");
    assertThat(hook.get("optOutReason").asText()).isEqualTo("KEYPRESS");
    // pressed twice (Twilio retried): one opt-out
    assertThat(signed(path, nine).status()).isEqualTo(200);
    assertThat(events(lead, "OPT_OUT")).hasSize(1);

    // the next text is blocked
    assertThat(http().patch("/v1/leads/" + lead.id(), NOW).status()).isEqualTo(200);
    List<JsonNode> blocked =
        Poll.until(
            Duration.ofSeconds(30),
            () -> {
              AppOnTestClock.of(APP).advance(STEP);
              return events(lead, "COMPLIANCE_BLOCKED");
            },
            l -> !l.isEmpty());
    assertThat(blocked.get(0).at("/data/reason").asText()).isEqualTo("OPTED_OUT");
    assertThat(twilioRequestsTo("/Messages.json", lead.phone())).isZero();
  }

  @Test
  void twiliosOwnOptOutTypeDecidesAndIsReported() {
    Lead lead = create(LATER);
    Map<String, String> params = text(lead.phone(), "Arrêtez");
    params.put("OptOutType", "STOP");

    Reply answered = signed("/v1/webhooks/twilio/sms", params);
    assertThat(answered.status()).isEqualTo(200);
    // Twilio confirmed it itself: no second confirmation
    assertThat(answered.raw().body()).contains("<Response/>").doesNotContain("<Message>");

    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isTrue();
    JsonNode hook = awaitWebhooks(lead, "optOut", 1).get(0).get("data");
    assertThat(hook.get("isTwilioOptOut").asBoolean()).isTrue();
    assertThat(hook.get("optOutMessage").asText()).isEqualTo("Arrêtez");
  }

  @Test
  void helpIsAnsweredWithTheHelpTextAndChangesNothing() {
    Lead lead = create(LATER);
    JsonNode before = get(lead);

    for (String help : List.of("HELP", " help ", "Info")) {
      Reply reply = inbound(lead.phone(), help);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.raw().headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/xml");
      assertThat(reply.raw().body())
          .contains(
              "<Response><Message>Acme &amp; Co &lt;follow-ups&gt;: reply STOP to opt out"
                  + "</Message></Response>");
    }

    JsonNode after = get(lead);
    assertThat(after.get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(after.get("hasReplied").asBoolean()).isFalse();
    assertThat(after.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    assertThat(after.get("nextFollowUpAt")).isEqualTo(before.get("nextFollowUpAt"));
    assertThat(events(lead, "OPT_OUT,OPT_IN")).isEmpty();
    assertThat(received(lead)).isEmpty();
  }

  @Test
  void aForgedOrMisdirectedOrMissingSignatureIs403AndChangesNothing() {
    Lead lead = create(LATER);
    Map<String, String> stop = text(lead.phone(), "STOP");
    String path = "/v1/webhooks/twilio/sms";

    Map<String, String> other = new LinkedHashMap<>(stop);
    other.put("Body", "hello");
    Reply forged = callback(path, stop, sign(PUBLIC + path, other));
    Reply otherUrl = callback(path, stop, sign("https://elsewhere.example.com" + path, stop));
    Reply otherPath = callback(path, stop, sign(PUBLIC + "/v1/webhooks/twilio/status", stop));
    Reply missing = callback(path, stop, null);
    Reply garbage = callback(path, stop, "not-a-signature");

    for (Reply reply : List.of(forged, otherUrl, otherPath, missing, garbage)) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.message()).isNotBlank();
    }
    assertThat(forged.message()).contains("X-Twilio-Signature");
    JsonNode after = get(lead);
    assertThat(after.get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(events(lead, "OPT_OUT")).isEmpty();
    // the same request, correctly signed, is taken
    assertThat(signed(path, stop).status()).isEqualTo(200);
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isTrue();
  }

  @Test
  void aReplySetsHasRepliedStopsTheFollowUpsAndEmitsItsWebhooks() {
    Lead lead = create(LATER);
    assertThat(get(lead).get("followUpStatus").asText()).isEqualTo("SCHEDULED");

    Map<String, String> reply = text(lead.phone(), "Sounds good, call me tomorrow");
    Reply answered = signed("/v1/webhooks/twilio/sms", reply);
    // Twilio sends the same callback again: recorded once
    assertThat(signed("/v1/webhooks/twilio/sms", reply).status()).isEqualTo(200);

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.raw().body()).contains("<Response/>");
    JsonNode after = get(lead);
    assertThat(after.get("hasReplied").asBoolean()).isTrue();
    assertThat(after.get("followUpStatus").asText()).isEqualTo("REPLIED");
    assertThat(after.get("nextFollowUpAt").isNull()).isTrue();
    List<JsonNode> received = received(lead);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).at("/data/direction").asText()).isEqualTo("INBOUND");
    assertThat(received.get(0).at("/data/deliveryChannel").asText()).isEqualTo("SMS");
    assertThat(received.get(0).at("/data/content/text").asText())
        .isEqualTo("Sounds good, call me tomorrow");
    assertThat(received.get(0).at("/data/messageSid").asText()).isEqualTo(reply.get("MessageSid"));

    // a second reply: a second message.received, no second leadTagged
    assertThat(inbound(lead.phone(), "and bring the papers").status()).isEqualTo(200);
    List<JsonNode> messages = awaitWebhooks(lead, "message.received", 2);
    assertThat(messages.get(0).at("/data/content/text").asText())
        .isEqualTo("Sounds good, call me tomorrow");
    assertThat(messages.get(0).at("/data/channel").asText()).isEqualTo("sms");
    assertThat(messages.get(0).at("/data/phone").asText()).isEqualTo(lead.phone());
    assertThat(messages.get(0).get("data").has("profile"))
        .as("profile in every lead event")
        .isTrue();
    List<JsonNode> tagged = awaitWebhooks(lead, "leadTagged", 1);
    assertThat(tagged.get(0).at("/data/tag").asText()).isEqualTo("hasReplied");
    assertThat(tagged.get(0).at("/data/channel").asText()).isEqualTo("sms");
    assertThat(tagged.get(0).get("data").has("profile")).isTrue();
    assertThat(webhooksOf(lead).stream().filter(w -> w.get("event").asText().equals("leadTagged")))
        .hasSize(1);

    // an update with a step schedules the lead again
    assertThat(http().patch("/v1/leads/" + lead.id(), "{\"followUpStep\":1}").status())
        .isEqualTo(200);
    assertThat(get(lead).get("followUpStatus").asText()).isEqualTo("SCHEDULED");
  }

  @Test
  void aTextToANumberThatIsNotOursIsIgnored() throws Exception {
    Lead lead = create("\"followUpConfig\":{\"1\":{\"hours\":24,\"channel\":\"text\"}}");
    Map<String, String> params = text(lead.phone(), "STOP");
    params.put("To", "+15005550999");

    Reply reply = signed("/v1/webhooks/twilio/sms", params);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().body()).doesNotContain("<Message>");
    assertThat(http().get("/v1/leads/" + lead.id()).body().get("isUnsubscribed").asBoolean())
        .isFalse();
    try (Connection db = DriverManager.getConnection(TestDatabases.url(DB), "postgres", "");
        PreparedStatement query =
            db.prepareStatement("SELECT COUNT(*) FROM inbound_messages WHERE message_sid = ?")) {
      query.setString(1, params.get("MessageSid"));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  @Test
  void aSenderNoLeadHasIsRecordedAndAnswered() throws Exception {
    String stranger = "+15550999" + PHONES.incrementAndGet();
    assertThat(inbound(stranger, "who is this?").status()).isEqualTo(200);
    try (Connection db = DriverManager.getConnection(TestDatabases.url(DB), "postgres", "");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT COUNT(*) FROM inbound_messages WHERE from_phone = ? AND lead_id IS NULL")) {
      query.setString(1, stranger);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aStopFromANumberNoLeadHasIsRememberedWhenALeadGetsIt() throws Exception {
    int n = PHONES.incrementAndGet();
    String phone = "+1555098" + n;
    // Twilio's From as written by a human: stored as the E.164 number
    String written = "+1 (555) 098-" + n;
    assertThat(inbound(written, " Stop ").status()).isEqualTo(200);
    try (Connection db = DriverManager.getConnection(TestDatabases.url(DB), "postgres", "");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT COUNT(*) FROM inbound_messages WHERE from_phone = ? AND lead_id IS NULL")) {
      query.setString(1, phone);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }

    Reply created = http().post("/v1/leads/create", lead(phone, LATER));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    Lead lead = new Lead(created.body().get("id").asText(), phone);
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isTrue();
    List<JsonNode> optOut = events(lead, "OPT_OUT");
    assertThat(optOut).hasSize(1);
    assertThat(optOut.get(0).at("/data/reason").asText()).isEqualTo("KEYWORD_BEFORE_CREATE");
    assertThat(optOut.get(0).at("/data/channel").asText()).isEqualTo("sms");
    // its workflow knows too: a message is refused
    Reply message = http().post("/v1/leads/" + lead.id() + "/sendMessage", "{\"message\":\"hi\"}");
    assertThat(message.status()).isEqualTo(409);

    // STOP then START before the lead: created subscribed
    String other = "+1555098" + PHONES.incrementAndGet();
    assertThat(inbound(other, "STOP").status()).isEqualTo(200);
    assertThat(inbound(other, "START").status()).isEqualTo(200);
    Reply second = http().post("/v1/leads/create", lead(other, LATER));
    assertThat(second.status()).isEqualTo(200);
    Lead subscribed = new Lead(second.body().get("id").asText(), other);
    assertThat(get(subscribed).get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(events(subscribed, "OPT_OUT")).isEmpty();
  }

  @Test
  void twiliosOwnHelpIsAnsweredByTwilioAlone() {
    Lead lead = create(LATER);
    Map<String, String> params = text(lead.phone(), "hilfe");
    params.put("OptOutType", "HELP");

    Reply reply = signed("/v1/webhooks/twilio/sms", params);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().body()).contains("<Response/>").doesNotContain("<Message>");
    assertThat(get(lead).get("isUnsubscribed").asBoolean()).isFalse();
    assertThat(events(lead, "OPT_OUT,OPT_IN")).isEmpty();
    assertThat(received(lead)).isEmpty();
  }

  @Test
  void aLongTextIsCutAtTwilios1600AndNulCharactersAreDropped() throws Exception {
    Lead lead = create(LATER);
    String body = "a\u0000b" + "x".repeat(2000);

    Reply reply = inbound(lead.phone(), body);

    assertThat(reply.status()).isEqualTo(200);
    String stored = received(lead).get(0).at("/data/content/text").asText();
    assertThat(stored).hasSize(1600).startsWith("abx").doesNotContain("\u0000");
    // from a sender no lead has too (its row keeps the text)
    String stranger = "+15550997" + PHONES.incrementAndGet();
    assertThat(inbound(stranger, "who\u0000 is this").status()).isEqualTo(200);
  }

  @Test
  void theSameCallbackFromAnUnknownSenderAtOnceIsRecordedOnceAndAnswered200() throws Exception {
    String stranger = "+15550996" + PHONES.incrementAndGet();
    Map<String, String> params = text(stranger, "hello?");
    List<java.util.concurrent.CompletableFuture<Reply>> replies = new ArrayList<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        replies.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                  return signed("/v1/webhooks/twilio/sms", params);
                },
                pool));
      }
      go.countDown();
      for (var reply : replies) {
        assertThat(reply.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection db = DriverManager.getConnection(TestDatabases.url(DB), "postgres", "");
        PreparedStatement query =
            db.prepareStatement("SELECT COUNT(*) FROM inbound_messages WHERE from_phone = ?")) {
      query.setString(1, stranger);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aMalformedFormBodyIs400NamingTheProblem() {
    for (String path : List.of("/v1/webhooks/twilio/sms", "/v1/webhooks/twilio/status")) {
      HttpRequest request =
          http()
              .request(path, null)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Twilio-Signature", "irrelevant")
              .POST(HttpRequest.BodyPublishers.ofString("MessageSid=SM1&From=%ZZ&Body=hi"))
              .build();
      Reply reply = rawReply(http(), request);
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body().fieldNames()).toIterable().containsExactly("message");
      assertThat(reply.message()).contains("application/x-www-form-urlencoded").contains("%");
    }
  }

  @Test
  void aStatusForAnUnknownSidOrAnInterimStatusRecordsNothing() {
    Map<String, String> unknown = new LinkedHashMap<>();
    unknown.put("MessageSid", "SMnobody");
    unknown.put("MessageStatus", "delivered");
    assertThat(signed("/v1/webhooks/twilio/status", unknown).status()).isEqualTo(200);
    Map<String, String> call = new LinkedHashMap<>();
    call.put("CallSid", "CAnobody");
    call.put("CallStatus", "ringing");
    assertThat(signed("/v1/webhooks/twilio/status", call).status()).isEqualTo(200);
    Map<String, String> neither = new LinkedHashMap<>();
    neither.put("AccountSid", ACCOUNT);
    HttpRequest json =
        http()
            .request("/v1/webhooks/twilio/status", null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"MessageSid\":\"SM1\"}"))
            .build();
    Reply notForm = rawReply(http(), json);
    assertThat(notForm.status()).isEqualTo(415);
    assertThat(notForm.message()).contains("application/x-www-form-urlencoded");
    Reply bad = signed("/v1/webhooks/twilio/status", neither);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("MessageSid");
  }
}

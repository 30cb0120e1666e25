package io.followup.worker.provider.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** A WireMock server that answers as Twilio's REST API does, for the few resources we use. */
final class TwilioDouble implements AutoCloseable {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "test-token-never-logged";
  static final String FROM = "+15005550006";
  static final String TO = "+15555550100";
  static final String BASE = "/2010-04-01/Accounts/" + ACCOUNT;
  static final String MESSAGES = BASE + "/Messages.json";
  static final String CALLS = BASE + "/Calls.json";

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  final WireMockServer server = new WireMockServer(options().dynamicPort());

  TwilioDouble() {
    server.start();
  }

  URI baseUrl() {
    return URI.create(server.baseUrl());
  }

  TwilioAccount account() {
    return new TwilioAccount(ACCOUNT, TOKEN, FROM, null, baseUrl(), null, null);
  }

  TwilioProvider provider() {
    return provider(account());
  }

  TwilioProvider provider(TwilioAccount account) {
    return new TwilioProvider(
        account,
        TwilioProvider.Settings.DEFAULTS
            .withPollInterval(Duration.ofMillis(10))
            .withFollowLimit(Duration.ofSeconds(10)),
        java.time.Clock.systemUTC());
  }

  static String date(Instant at) {
    return RFC_2822.format(at);
  }

  static String message(String sid, String to, String body, Instant created) {
    return "{\"sid\":\""
        + sid
        + "\",\"account_sid\":\""
        + ACCOUNT
        + "\",\"to\":\""
        + to
        + "\",\"from\":\""
        + FROM
        + "\",\"body\":\""
        + body
        + "\",\"status\":\"queued\",\"direction\":\"outbound-api\",\"date_created\":\""
        + date(created)
        + "\"}";
  }

  static String call(String sid, String status, String answeredBy, Instant created) {
    return call(sid, status, answeredBy, null, created);
  }

  /**
   * @param duration Twilio's {@code duration} (seconds, a string); null while the call is not over
   */
  static String call(
      String sid, String status, String answeredBy, String duration, Instant created) {
    return "{\"sid\":\""
        + sid
        + "\",\"account_sid\":\""
        + ACCOUNT
        + "\",\"to\":\""
        + TO
        + "\",\"from\":\""
        + FROM
        + "\",\"status\":\""
        + status
        + "\",\"answered_by\":"
        + (answeredBy == null ? "null" : "\"" + answeredBy + "\"")
        + ",\"duration\":"
        + (duration == null ? "null" : "\"" + duration + "\"")
        + ",\"date_created\":\""
        + date(created)
        + "\"}";
  }

  static String page(String key, String uri, List<String> records, boolean more) {
    return "{\""
        + key
        + "\":["
        + String.join(",", records)
        + "],\"uri\":\""
        + uri
        + "\",\"first_page_uri\":\""
        + uri
        + "\",\"next_page_uri\":"
        + (more ? "\"" + uri + "?Page=1&PageToken=PA1\"" : "null")
        + ",\"page\":0,\"page_size\":50}";
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static ResponseDefinitionBuilder error(int status, int code) {
    return json(
        status,
        "{\"code\":"
            + code
            + ",\"message\":\"The 'To' number "
            + TO
            + " is not valid\",\"more_info\":\"https://www.twilio.com/docs/errors/"
            + code
            + "\",\"status\":"
            + status
            + "}");
  }

  void stub(MappingBuilder mapping) {
    server.stubFor(mapping);
  }

  void messageCreated(String sid, String body) {
    stub(post(urlEqualTo(MESSAGES)).willReturn(json(201, message(sid, TO, body, Instant.now()))));
  }

  void messagesListed(List<String> records, boolean more) {
    stub(
        get(urlPathEqualTo(MESSAGES))
            .willReturn(json(200, page("messages", MESSAGES, records, more))));
  }

  void callsListed(List<String> records, boolean more) {
    stub(get(urlPathEqualTo(CALLS)).willReturn(json(200, page("calls", CALLS, records, more))));
  }

  void callCreated(String sid) {
    stub(post(urlEqualTo(CALLS)).willReturn(json(201, call(sid, "queued", null, Instant.now()))));
  }

  /**
   * The call's fetches answer these states ({@code "<status> [<answered_by> [<duration>]]"}) one
   * after the other; the last one stays.
   */
  void callGoesThrough(String sid, String... statusAndAnsweredBy) {
    String url = BASE + "/Calls/" + sid + ".json";
    for (int i = 0; i < statusAndAnsweredBy.length; i++) {
      String[] parts = statusAndAnsweredBy[i].split(" ");
      String state = i == 0 ? Scenario.STARTED : "state-" + i;
      ScenarioMappingBuilder fetch =
          get(urlEqualTo(url))
              .inScenario(sid)
              .whenScenarioStateIs(state)
              .willReturn(
                  json(
                      200,
                      call(
                          sid,
                          parts[0],
                          parts.length > 1 ? parts[1] : null,
                          parts.length > 2 ? parts[2] : null,
                          Instant.now())));
      if (i + 1 < statusAndAnsweredBy.length) {
        fetch.willSetStateTo("state-" + (i + 1));
      }
      stub(fetch);
    }
    stub(
        post(urlEqualTo(url)).willReturn(json(200, call(sid, "in-progress", null, Instant.now()))));
  }

  int posts(String url) {
    return server.countRequestsMatching(postRequestedFor(urlEqualTo(url)).build()).getCount();
  }

  @Override
  public void close() {
    server.stop();
  }
}

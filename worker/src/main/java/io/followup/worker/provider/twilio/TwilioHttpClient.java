package io.followup.worker.provider.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client with three changes:
 *
 * <ul>
 *   <li>one HTTP request per SDK call: the SDK would repeat a request that got a 5xx three times,
 *       and Apache's client a 429 or 503, and a repeated POST to Messages or Calls can send twice.
 *       Retries are Temporal's, after the ledger and a lookup;
 *   <li>429 and 5xx answers become {@link TwilioUnavailableException} carrying {@code Retry-After};
 *   <li>with a base URL, every request goes there instead of {@code https://*.twilio.com} (a test
 *       double), path and query unchanged.
 * </ul>
 */
final class TwilioHttpClient extends NetworkHttpClient {
  private final String baseUrl;
  private final Clock clock;

  /**
   * A request gets no answer byte for 15 s at most (the SDK's default is 30 s): it ends well inside
   * a text activity's 30 s, so a retry's lookup does not race a request still on its way.
   */
  private static final SocketConfig SOCKET =
      SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(15)).setSoKeepAlive(true).build();

  TwilioHttpClient(URI baseUrl, Clock clock) {
    super(
        HttpClientBuilder.create()
            .useSystemProperties()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultSocketConfig(SOCKET)
                    .setMaxConnPerRoute(20)
                    .setMaxConnTotal(100)
                    .build())
            // Apache's own strategy repeats a 429 or 503 after its Retry-After, POSTs included
            .disableAutomaticRetries());
    this.baseUrl = baseUrl == null ? null : baseUrl.toString().replaceAll("/+$", "");
    this.clock = clock;
  }

  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response reliableRequest(
      Request request, int[] retryCodes, int retries, long delayMillis) {
    return makeRequest(request);
  }

  @Override
  public Response makeRequest(Request request) {
    Response response = super.makeRequest(baseUrl == null ? request : rebased(request));
    int status = response.getStatusCode();
    if (status == 429 || status >= 500) {
      throw new TwilioUnavailableException(status, retryAfter(response.getHeaders()));
    }
    return response;
  }

  private Request rebased(Request request) {
    URI original = URI.create(request.getUrl());
    String target =
        baseUrl
            + original.getRawPath()
            + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    Request copy = new Request(request.getMethod(), target);
    copyInto(request.getQueryParams(), copy::addQueryParam);
    copyInto(request.getPostParams(), copy::addPostParam);
    copyInto(request.getHeaderParams(), copy::addHeaderParam);
    if (request.getAuthStrategy() != null) {
      copy.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      copy.setAuth(request.getUsername(), request.getPassword());
    }
    if (request.getContentType() != null) {
      copy.setContentType(request.getContentType());
    }
    if (request.getMethod() != HttpMethod.GET && request.getBody() != null) {
      copy.setBody(request.getBody());
    }
    copy.setUserAgentExtensions(request.getUserAgentExtensions());
    return copy;
  }

  private static void copyInto(
      Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
    from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
  }

  /** Seconds or an HTTP date; null when absent or unreadable. */
  Duration retryAfter(Header[] headers) {
    if (headers == null) {
      return null;
    }
    for (Header header : headers) {
      if (!header.getName().equalsIgnoreCase("Retry-After") || header.getValue() == null) {
        continue;
      }
      String value = header.getValue().strip();
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration until = Duration.between(clock.instant(), at.toInstant());
          return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException notADate) {
          return null;
        }
      }
    }
    return null;
  }
}

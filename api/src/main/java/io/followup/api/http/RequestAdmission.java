package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Whether a request, its body read, would pass its route's authentication: the Twilio signature on
 * Twilio's callbacks, a valid token on the unsubscribe links, a configured API key anywhere else.
 * The same checks as {@link TwilioWebhookResource}, {@code Unsubscribes} and {@link ApiKeyFilter},
 * asked earlier, so that what is shared (the embedded run's change gate) is taken only by a request
 * that may change something; the real checks still run where they always did. In doubt it admits.
 */
public final class RequestAdmission {
  private static final String TWILIO = "/v1/webhooks/twilio/";
  private static final String UNSUBSCRIBE = "/v1/unsubscribe/";

  private final ApiKeyFilter keys;
  private final TwilioSignature twilio;
  private final UnsubscribeTokens tokens;

  public RequestAdmission(ApiKeyFilter keys, TwilioSignature twilio, UnsubscribeTokens tokens) {
    this.keys = keys;
    this.twilio = twilio;
    this.tokens = tokens;
  }

  /**
   * @param path the request's path, decoded (as the routes match it)
   * @param rawPathAndQuery the path and query as sent (what Twilio signs)
   * @param header the request's headers by name
   * @param body the whole body
   */
  public boolean admits(
      String path, String rawPathAndQuery, UnaryOperator<String> header, byte[] body) {
    if (path.startsWith(TWILIO)) {
      try {
        Map<String, String> params =
            TwilioWebhookResource.params(new String(body, StandardCharsets.UTF_8));
        twilio.check(rawPathAndQuery, params, header.apply(TwilioSignature.HEADER));
        return true;
      } catch (ApiException refused) {
        return false;
      }
    }
    if (path.startsWith(UNSUBSCRIBE)) {
      String token = path.substring(UNSUBSCRIBE.length());
      return tokens.verify(token) instanceof UnsubscribeTokens.Verdict.Valid;
    }
    return keys.admits(header.apply(ApiKeyFilter.HEADER));
  }
}

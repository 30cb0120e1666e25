package io.followup.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.app.support.Http.Reply;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's side of its webhooks, as its documentation describes it: a form-encoded POST without an
 * API key, signed (X-Twilio-Signature) with base64 HMAC-SHA1 under the auth token over the public
 * URL followed by each parameter's name and value, sorted by name.
 */
public final class TwilioCallbacks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final String token;
  private final String publicBaseUrl;

  /**
   * @param publicBaseUrl the application's PUBLIC_BASE_URL, without a trailing slash
   */
  public TwilioCallbacks(int port, String token, String publicBaseUrl) {
    this.port = port;
    this.token = token;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** The signature Twilio would send for {@code params} posted to {@code url}. */
  public String sign(String url, Map<String, String> params) {
    return sign(token, url, params);
  }

  /**
   * Twilio's documented request signature, written here from its documentation (not the SDK the
   * application checks with): base64 HMAC-SHA1 under {@code token} of the URL followed by each
   * parameter's name and value, sorted by name.
   */
  public static String sign(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    params.keySet().stream().sorted().forEach(k -> data.append(k).append(params.get(k)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** {@code params} posted to {@code path}, correctly signed; the body need not be JSON (TwiML). */
  public Reply post(String path, Map<String, String> params) {
    String form =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        new Http(port)
            .request(path, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", sign(publicBaseUrl + path, params))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().startsWith("{")
              ? JSON.readTree(response.body())
              : JSON.createObjectNode();
      return new Reply(response.statusCode(), body, response);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

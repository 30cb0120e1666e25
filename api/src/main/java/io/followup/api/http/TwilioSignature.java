package io.followup.api.http;

import com.twilio.security.RequestValidator;
import io.followup.api.core.ApiException;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} on Twilio's callbacks with the Twilio SDK's own {@link
 * RequestValidator}: HMAC-SHA1 under {@code TWILIO_AUTH_TOKEN} over {@code PUBLIC_BASE_URL} + the
 * request's path (and query) + the form parameters sorted by name. Fails closed: without a token or
 * a base URL every callback is refused.
 */
public final class TwilioSignature {
  public static final String HEADER = "X-Twilio-Signature";

  private final RequestValidator validator;
  private final String baseUrl;

  /**
   * @param authToken {@code TWILIO_AUTH_TOKEN}; blank: callbacks are refused
   * @param publicBaseUrl {@code PUBLIC_BASE_URL} without a trailing slash; blank: refused
   */
  public TwilioSignature(String authToken, String publicBaseUrl) {
    boolean configured =
        authToken != null
            && !authToken.isBlank()
            && publicBaseUrl != null
            && !publicBaseUrl.isBlank();
    this.validator = configured ? new RequestValidator(authToken.strip()) : null;
    this.baseUrl = configured ? publicBaseUrl.strip() : null;
  }

  public boolean configured() {
    return validator != null;
  }

  /**
   * @param pathAndQuery the request's path as sent (with its query string, if any)
   * @param params the decoded form parameters
   * @param signature the header's value; null when absent
   * @throws ApiException 403 when the signature is missing or does not match, or callbacks are not
   *     configured
   */
  public void check(String pathAndQuery, Map<String, String> params, String signature) {
    if (validator == null) {
      throw new ApiException(
          403,
          "Twilio callbacks are refused: TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL must both be set.");
    }
    if (signature == null || signature.isBlank()) {
      throw new ApiException(403, "Missing " + HEADER + " header.");
    }
    boolean valid;
    try {
      valid = validator.validate(baseUrl + pathAndQuery, params, signature.strip());
    } catch (RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw new ApiException(
          403, HEADER + " does not match this request (checked against PUBLIC_BASE_URL).");
    }
  }
}

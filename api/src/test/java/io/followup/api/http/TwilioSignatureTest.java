package io.followup.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.api.core.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The SDK's validator under our settings: signed URL, fail-closed configuration. */
class TwilioSignatureTest {
  private static final String TOKEN = "unit-token";
  private static final String BASE = "https://followup.example.com";
  private static final String PATH = "/v1/webhooks/twilio/sms";
  private static final Map<String, String> PARAMS =
      Map.of("From", "+15555550100", "Body", "STOP", "MessageSid", "SM1");

  /** Twilio's documented scheme, written out: HMAC-SHA1 of URL + sorted name+value, base64. */
  private static String sign(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSignatureOverThePublicUrlAndTheParametersHolds() {
    TwilioSignature signature = new TwilioSignature(TOKEN, BASE);
    assertThatCode(() -> signature.check(PATH, PARAMS, sign(TOKEN, BASE + PATH, PARAMS)))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherUrlAnotherTokenOrOtherParametersAre403() {
    TwilioSignature signature = new TwilioSignature(TOKEN, BASE);
    Map<String, String> changed = new TreeMap<>(PARAMS);
    changed.put("Body", "START");
    for (String wrong :
        new String[] {
          sign(TOKEN, "https://other.example.com" + PATH, PARAMS),
          sign("other-token", BASE + PATH, PARAMS),
          sign(TOKEN, BASE + PATH, changed),
          "",
          "%%%"
        }) {
      assertThatThrownBy(() -> signature.check(PATH, PARAMS, wrong))
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403));
    }
    assertThatThrownBy(() -> signature.check(PATH, PARAMS, null))
        .hasMessageContaining("Missing X-Twilio-Signature");
  }

  @Test
  void withoutTokenOrPublicUrlEveryCallbackIsRefused() {
    for (TwilioSignature unset :
        new TwilioSignature[] {
          new TwilioSignature("", BASE),
          new TwilioSignature(TOKEN, ""),
          new TwilioSignature(null, null)
        }) {
      assertThat(unset.configured()).isFalse();
      // even a signature that would hold under the token
      assertThatThrownBy(() -> unset.check(PATH, PARAMS, sign(TOKEN, BASE + PATH, PARAMS)))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL");
    }
  }
}

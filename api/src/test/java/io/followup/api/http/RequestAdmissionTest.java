package io.followup.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.unsubscribe.UnsubscribeTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each route's own authentication, asked before the change gate: admitted or not. */
class RequestAdmissionTest {
  private static final String TOKEN = "unit-token";
  private static final String BASE = "https://followup.example.com";
  private static final UnsubscribeTokens TOKENS =
      new UnsubscribeTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final RequestAdmission ADMISSION =
      new RequestAdmission(
          new ApiKeyFilter(List.of("key-1")), new TwilioSignature(TOKEN, BASE), TOKENS);

  private static UnaryOperator<String> headers(Map<String, String> headers) {
    return headers::get;
  }

  private static boolean admits(String path, Map<String, String> headers, String body) {
    return ADMISSION.admits(path, path, headers(headers), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aConfiguredApiKeyIsAdmittedAnyOtherOrNoneIsNot() {
    assertThat(admits("/v1/leads/create", Map.of("x-api-key", "key-1"), "{}")).isTrue();
    assertThat(admits("/v1/leads/create", Map.of("x-api-key", "key-2"), "{}")).isFalse();
    assertThat(admits("/v1/leads/create", Map.of(), "{}")).isFalse();
    // a key does not open a route that authenticates otherwise
    assertThat(admits("/v1/webhooks/twilio/sms", Map.of("x-api-key", "key-1"), "")).isFalse();
  }

  @Test
  void aTwilioCallbackIsAdmittedByItsSignatureOverTheBodyAlone() throws Exception {
    String path = "/v1/webhooks/twilio/sms";
    String form = "From=%2B15555550100&Body=STOP&MessageSid=SM1";
    String signed =
        sign(BASE + path + "Body" + "STOP" + "From" + "+15555550100" + "MessageSid" + "SM1");
    assertThat(admits(path, Map.of(TwilioSignature.HEADER, signed), form)).isTrue();
    assertThat(admits(path, Map.of(TwilioSignature.HEADER, signed), form + "&x=1")).isFalse();
    assertThat(admits(path, Map.of(), form)).isFalse();
    assertThat(admits(path, Map.of(TwilioSignature.HEADER, signed), "%zz")).isFalse();
  }

  @Test
  void anUnsubscribeLinkIsAdmittedByAValidTokenOnly() {
    String token = TOKENS.sign("lead-1");
    assertThat(admits("/v1/unsubscribe/" + token, Map.of(), "")).isTrue();
    assertThat(admits("/v1/unsubscribe/" + token.substring(1), Map.of(), "")).isFalse();
    assertThat(admits("/v1/unsubscribe/x", Map.of(), "")).isFalse();
  }

  private static String sign(String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}

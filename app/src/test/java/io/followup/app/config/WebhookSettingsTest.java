package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {
  private static WebhookSettings settings(String urls, String secret) {
    WebhookSettings s = new WebhookSettings();
    s.urls = urls;
    s.secret = secret;
    return s;
  }

  @Test
  void noUrlsIsOffAndNeedsNoSecret() {
    assertThat(Violations.of(settings("", ""))).isEmpty();
    assertThat(settings(" , ", "").enabled()).isFalse();
  }

  @Test
  void severalHttpAndHttpsUrlsWithASecret() {
    WebhookSettings s =
        settings(" https://crm.example.com/hooks?token=abc , http://10.0.0.5:8080/in ", "s3cret");
    assertThat(Violations.of(s)).isEmpty();
    assertThat(s.list())
        .containsExactly(
            URI.create("https://crm.example.com/hooks?token=abc"),
            URI.create("http://10.0.0.5:8080/in"));
  }

  @Test
  void urlsWithoutASecretStopTheStartNamingTheVariable() {
    assertThat(Violations.of(settings("https://crm.example.com/hooks", "")))
        .containsExactlyInAnyOrder("WEBHOOK_SECRET: is required with WEBHOOK_URLS");
  }

  @Test
  void aUrlThatIsNotHttpIsNamedByPositionWithoutEchoingIt() {
    assertThat(
            Violations.of(
                settings(
                    "https://ok.example.com/h,ftp://files.example.com/x?token=leak,https:///nohost,not a url",
                    "s")))
        .containsExactlyInAnyOrder(
            "WEBHOOK_URLS: URL 2 must be an http or https URL",
            "WEBHOOK_URLS: URL 3 has no host",
            "WEBHOOK_URLS: URL 4 is not a valid URL")
        .noneMatch(p -> p.contains("leak"));
  }

  @Test
  void theSecretIsNotInToString() {
    assertThat(settings("https://a.example.com/h", "very-secret").toString())
        .doesNotContain("very-secret")
        .doesNotContain("a.example.com");
  }
}

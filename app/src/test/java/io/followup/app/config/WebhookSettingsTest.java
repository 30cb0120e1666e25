package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.store.webhooks.WebhookTarget;
import java.net.URI;
import java.util.Set;
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
  void semicolonSeparatedEntriesNameTheEventsEachUrlGets() {
    WebhookSettings s =
        settings(
            "https://a.example.com/hook|message.sent, optOut ; https://b.example.com/hook;", "s");
    assertThat(Violations.of(s)).isEmpty();
    assertThat(s.targets())
        .containsExactly(
            new WebhookTarget(
                URI.create("https://a.example.com/hook"), Set.of("message.sent", "optOut")),
            WebhookTarget.everyEvent(URI.create("https://b.example.com/hook")));
    assertThat(s.targets().get(0).wants("optOut")).isTrue();
    assertThat(s.targets().get(0).wants("call.completed")).isFalse();
    assertThat(s.targets().get(1).wants("call.completed")).isTrue();
    // the plain comma-separated form stays what it was
    assertThat(settings("https://a.example.com/h,https://b.example.com/h", "s").targets())
        .extracting(WebhookTarget::url)
        .containsExactly(
            URI.create("https://a.example.com/h"), URI.create("https://b.example.com/h"));
  }

  @Test
  void anUnknownEventOrAnEmptyFilterIsNamedByPosition() {
    assertThat(
            Violations.of(
                settings(
                    "https://a.example.com/hook|message.sent,lead.created;https://b.example.com/h|",
                    "s")))
        .containsExactlyInAnyOrder(
            "WEBHOOK_URLS: URL 1 names an unknown event 'lead.created' (one of call.completed,"
                + " lead.additionalInfo.updated, leadTagged, message.received, message.sent,"
                + " optOut)",
            "WEBHOOK_URLS: URL 2 names no event after '|'");
    assertThat(
            Violations.of(settings("https://a.example.com/h|optOut;https://a.example.com/h", "s")))
        .containsExactly("WEBHOOK_URLS: a URL is listed twice");
  }

  @Test
  void theRetentionIsDaysAndOutlivesTheRetryPeriod() {
    WebhookSettings s = settings("", "");
    assertThat(s.retentionDays).isEqualTo(30);
    s.retentionDays = 0;
    assertThat(Violations.of(s)).containsExactly("WEBHOOK_RETENTION_DAYS: must be at least 1");
    s.retentionDays = 1;
    s.retryFor = io.dropwizard.util.Duration.hours(25);
    assertThat(Violations.of(s))
        .containsExactly(
            "WEBHOOK_RETENTION_DAYS: must be longer than the retry period (webhooks.retryFor)");
  }

  @Test
  void theSecretIsNotInToString() {
    assertThat(settings("https://a.example.com/h", "very-secret").toString())
        .doesNotContain("very-secret")
        .doesNotContain("a.example.com");
  }
}

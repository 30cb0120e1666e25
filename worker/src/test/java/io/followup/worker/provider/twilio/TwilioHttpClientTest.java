package io.followup.worker.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

class TwilioHttpClientTest {
  private final TwilioHttpClient client =
      new TwilioHttpClient(
          null, Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

  private Duration retryAfter(String value) {
    return client.retryAfter(new Header[] {new BasicHeader("Retry-After", value)});
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNothingElse() {
    assertThat(retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(retryAfter("Thu, 03 Dec 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
    assertThat(retryAfter("Thu, 03 Dec 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(retryAfter("soon")).isNull();
    assertThat(client.retryAfter(new Header[0])).isNull();
  }
}

package io.followup.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The access log never carries the number of a Do-Not-Contact path, in either format. */
class AccessLayoutMaskTest {

  @Test
  void theNumberOfADncPathIsMaskedHoweverItIsWritten() {
    assertThat(
            AccessLayout.masked(
                "127.0.0.1 - [07/Dec/2026:10:00:00.000 +0000] \"GET /v1/dnc/+15555550100 HTTP/1.1\" 200"))
        .isEqualTo(
            "127.0.0.1 - [07/Dec/2026:10:00:00.000 +0000] \"GET /v1/dnc/{phone} HTTP/1.1\" 200");
    assertThat(AccessLayout.masked("\"DELETE /v1/dnc/%2B1%20(555)%20555-0100 HTTP/1.1\" 200"))
        .isEqualTo("\"DELETE /v1/dnc/{phone} HTTP/1.1\" 200");
    assertThat(AccessLayout.masked("{\"uri\":\"/v1/dnc/+15555550100\",\"status\":404}"))
        .isEqualTo("{\"uri\":\"/v1/dnc/{phone}\",\"status\":404}");
  }

  @Test
  void otherPathsAreLeftAlone() {
    String register = "\"POST /v1/dnc/register HTTP/1.1\" 200";
    assertThat(AccessLayout.masked(register)).isEqualTo(register);
    String lead = "\"GET /v1/leads/5f0c2c1e HTTP/1.1\" 200";
    assertThat(AccessLayout.masked(lead)).isEqualTo(lead);
  }

  @Test
  void bothFormatsAreBuiltMasked() {
    for (String format : new String[] {"text", "json"}) {
      AccessLayout layout = new AccessLayout();
      layout.format = format;
      assertThat(layout.build(new LoggerContext(), TimeZone.getTimeZone("UTC")))
          .isInstanceOf(AccessLayout.Masked.class);
    }
  }
}

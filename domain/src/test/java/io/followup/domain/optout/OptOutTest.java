package io.followup.domain.optout;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.optout.OptOut.Flag;
import org.junit.jupiter.api.Test;

class OptOutTest {
  @Test
  void aKeywordStopsTextsAndCallsOncePerInboundText() {
    OptOut stop = OptOut.keyword("SM1", "STOP please", true);

    assertThat(stop.flag()).isEqualTo(Flag.TEXTS_AND_CALLS);
    assertThat(stop.eventData())
        .containsExactly(
            entry("channel", "sms"),
            entry("reason", "KEYWORD"),
            entry("isTwilioOptOut", true),
            entry("messageSid", "SM1"));
    assertThat(stop.dedupeKey()).isEqualTo("sms:SM1");
    assertThat(stop.webhook()).isTrue();
    assertThat(stop.keywordText()).isEqualTo("STOP please");
  }

  @Test
  void aProvidersReportSaysWhereItCameFrom() {
    OptOut reported = OptOut.reportedByProvider("sms", "TWILIO_21610");

    assertThat(reported.eventData())
        .containsExactly(
            entry("channel", "sms"), entry("reason", "TWILIO_21610"), entry("source", "provider"));
    assertThat(reported.twilioOptOut()).isTrue();
    assertThat(reported.dedupeKey()).isNull();
    assertThat(reported.webhook()).isTrue();
  }

  @Test
  void anUnsubscribeLinkStopsEmailOnly() {
    OptOut link = OptOut.email(OptOut.UNSUBSCRIBE_LINK);

    assertThat(link.flag()).isEqualTo(Flag.EMAIL);
    assertThat(link.eventData())
        .containsExactly(entry("channel", "email"), entry("reason", "UNSUBSCRIBE_LINK"));
    assertThat(link.twilioOptOut()).as("Apten: null for email").isNull();
    assertThat(link.webhook()).isTrue();
  }

  @Test
  void aStopBeforeTheLeadExistedSendsNoWebhook() {
    OptOut before = OptOut.keywordBeforeCreate();

    assertThat(before.eventData())
        .containsExactly(entry("channel", "sms"), entry("reason", "KEYWORD_BEFORE_CREATE"));
    assertThat(before.webhook()).isFalse();
  }

  private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
    return java.util.Map.entry(key, value);
  }
}

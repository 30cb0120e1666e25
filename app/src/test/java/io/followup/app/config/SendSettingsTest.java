package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.sends.SenderPace;
import io.followup.workflows.model.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendSettingsTest {
  @Test
  void theDefaultsSpreadFifteenMinutesAndPaceNothing() {
    SendSettings s = new SendSettings();
    assertThat(Violations.of(s)).isEmpty();
    assertThat(s.spread().windowOpen()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.spread().resume()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.paces(new TwilioSettings(), new SmtpSettings())).isEmpty();
  }

  @Test
  void outOfRangeValuesNameTheirVariable() {
    SendSettings s = new SendSettings();
    s.resumeSpreadMinutes = 0;
    s.windowOpenSpreadMinutes = -1;
    s.textMaxPerSecondPerNumber = -2;
    s.emailMaxPerHour = -1;
    s.emailMaxPerDay = -1;
    s.callMaxConcurrent = -1;
    assertThat(Violations.of(s))
        .containsExactlyInAnyOrder(
            "RESUME_SPREAD_MINUTES: must be from 1 to 1440; got 0",
            "WINDOW_OPEN_SPREAD_MINUTES: must be from 0 to 240; got -1",
            "TEXT_MAX_PER_SECOND_PER_NUMBER: must be 0 (no limit) or more; got -2.0",
            "EMAIL_MAX_PER_HOUR: must be 0 (no limit) or more; got -1",
            "EMAIL_MAX_PER_DAY: must be 0 (no limit) or more; got -1",
            "CALL_MAX_CONCURRENT: must be 0 (no limit) or more; got -1");
  }

  @Test
  void textsArePacedByTheirNumberAndEmailsByTheirAddress() {
    SendSettings s = new SendSettings();
    s.textMaxPerSecondPerNumber = 10;
    s.emailMaxPerHour = 100;
    s.emailMaxPerDay = 1000;
    TwilioSettings twilio = new TwilioSettings();
    twilio.fromNumber = " +15005550006 ";
    SmtpSettings email = new SmtpSettings();
    email.from = "Sales <Sales@Example.com>";
    Map<Channel, SenderPace> paces = s.paces(twilio, email);
    assertThat(paces.get(Channel.TEXT))
        .isEqualTo(new SenderPace("text:+15005550006", Duration.ofMillis(100), 0));
    assertThat(paces.get(Channel.EMAIL))
        .isEqualTo(new SenderPace("email:sales@example.com", Duration.ofSeconds(36), 1000));
  }
}

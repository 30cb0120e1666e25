package io.followup.worker.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwimlTextTest {
  @Test
  void aCallScriptWithACharacterXmlCannotHoldStaysValidTwiml() {
    assertThat(TwimlText.say("Hi Ada\u0007, it's Bob & co"))
        .isEqualTo("<Response><Say>Hi Ada, it&apos;s Bob &amp; co</Say></Response>");
  }
}

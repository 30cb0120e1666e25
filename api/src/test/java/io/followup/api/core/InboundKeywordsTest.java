package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.InboundKeywords.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundKeywordsTest {
  private final InboundKeywords keywords = new InboundKeywords(List.of(" arret", "Basta"));

  @ParameterizedTest(name = "[{0}] with OptOutType [{1}] is {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "STOP|null|OPT_OUT",
        "stop|null|OPT_OUT",
        "  Stop |null|OPT_OUT",
        "StopAll|null|OPT_OUT",
        "unsubscribe|null|OPT_OUT",
        "cancel|null|OPT_OUT",
        "END|null|OPT_OUT",
        "quit|null|OPT_OUT",
        "revoke|null|OPT_OUT",
        "opt out|null|OPT_OUT",
        "OPTOUT|null|OPT_OUT",
        "ARRET|null|OPT_OUT",
        "basta|null|OPT_OUT",
        "start|null|OPT_IN",
        " UNSTOP|null|OPT_IN",
        "Yes|null|OPT_IN",
        "help|null|HELP",
        " info |null|HELP",
        "Please stop|null|REPLY",
        "STOP.|null|REPLY",
        "yes please|null|REPLY",
        "|null|REPLY",
        "null|null|REPLY",
        "Sounds good, call me tomorrow|null|REPLY",
        // Twilio recognised a keyword of its own (a localised one, say): it decides
        "Stopp|STOP|OPT_OUT",
        "Hallo|START|OPT_IN",
        "Hilfe|HELP|HELP",
        "stop|UNKNOWN|OPT_OUT",
        "hi|UNKNOWN|REPLY",
      })
  void classifiesTheWholeMessage(String body, String optOutType, Kind expected) {
    assertThat(keywords.classify(body, optOutType)).isEqualTo(expected);
  }
}

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
        // an opt-out keyword with punctuation or courtesy words is still one (revocation)
        "Please stop|null|OPT_OUT",
        "STOP.|null|OPT_OUT",
        "Help?|null|HELP",
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

  /** Unicode spaces and invisible characters a phone or a copy-paste adds are no part of it. */
  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "\u00A0STOP\u00A0|OPT_OUT", // no-break space
        "S\u200BTOP|OPT_OUT", // zero-width space
        "\uFEFFstop|OPT_OUT", // byte order mark
        "stop\u200D|OPT_OUT", // zero-width joiner
        "\u2003Start\u3000|OPT_IN", // em space, ideographic space
        "\u202Fhelp\u2060|HELP", // narrow no-break space, word joiner
        "\u200Eunstop\u200F|OPT_IN", // direction marks
        "stop\u2028|OPT_OUT", // line separator
        "s\u200Cto\u180Ep|OPT_OUT", // zero-width non-joiner, Mongolian vowel separator
        "stop\u0000|OPT_OUT",
        "st\u00F6p|REPLY",
      })
  void ignoresUnicodeSpacesAndInvisibleCharacters(String body, Kind expected) {
    assertThat(keywords.classify(body, null)).isEqualTo(expected);
  }
}

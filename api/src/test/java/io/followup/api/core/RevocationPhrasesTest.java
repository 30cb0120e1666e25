package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.InboundKeywords.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC "Conversations", revocation in plain words: the phrases, and the near misses. */
class RevocationPhrasesTest {
  private final InboundKeywords keywords =
      new InboundKeywords(List.of(), new RevocationPhrases(List.of("  Quit  Bugging me ")));

  @ParameterizedTest(name = "[{0}] opts out")
  @ValueSource(
      strings = {
        "Please stop texting me, thanks",
        "STOP TEXTING",
        "stop   calling me!!!",
        "Stop messaging this number.",
        "remove me from your list",
        "Remove me",
        "please take me off your list",
        "Do not contact me again",
        "don't contact me",
        "Don’t contact me", // a curly apostrophe
        "dont contact me",
        "unsubscribe me please",
        "Wrong number",
        "wrong-number, sorry",
        "LEAVE ME ALONE",
        "leave me alone.",
        "stop-texting",
        "s\u200Btop texting", // a zero-width space inside the word
        "Ｓｔｏｐ ｔｅｘｔｉｎｇ", // full-width letters
        "I said stop calling",
        "quit bugging me", // OPT_OUT_PHRASES adds to the defaults
        "Quit, bugging me!",
        "Absolutely not! Stop texting me", // a negation reaches no further than its sentence
        "No. Never. Stop calling me",
        "Not interested; remove me",
      })
  void revocationPhrasesOptOut(String body) {
    assertThat(keywords.classify(body, null)).isEqualTo(Kind.OPT_OUT);
    assertThat(keywords.optOutReason(body, null)).isEqualTo(InboundKeywords.PHRASE);
  }

  @ParameterizedTest(name = "[{0}] is a reply")
  @ValueSource(
      strings = {
        "stop by the office tomorrow?",
        "I'll stop by at noon",
        "can't stop smiling",
        "I can't stop thinking about the house",
        "non-stop",
        "non-stop texting, love it",
        "don't stop texting me",
        "please don't stop calling",
        "never stop calling me",
        "stopping by later",
        "remove meat from the order",
        "take me offline for a bit",
        "the wrong numbers were on the form",
        "Do you contact buyers too?",
        "leave me a message",
        "Please stop by",
        "the end",
        "Yes!", // an opt-in is the exact word only: this is an answer
        "Thank you",
        "unsubscribed already?",
        "",
      })
  void nearMissesAreReplies(String body) {
    assertThat(keywords.classify(body, null)).isEqualTo(Kind.REPLY);
  }

  @ParameterizedTest(name = "[{0}] is a keyword")
  @ValueSource(
      strings = {
        "STOP",
        " unsubscribe ",
        "quit",
        // with punctuation and courtesy words (47 CFR 64.1200(a)(10) names the words)
        "Stop.",
        "STOP!",
        "Cancel.",
        "Unsubscribe please",
        "stop stop",
        "Please stop",
        "opt out",
        "Stop, thank you",
        "S.T.O.P"
      })
  void keywordsKeepTheirReason(String body) {
    assertThat(keywords.classify(body, null)).isEqualTo(Kind.OPT_OUT);
    assertThat(keywords.optOutReason(body, null)).isEqualTo(InboundKeywords.KEYWORD);
  }

  @org.junit.jupiter.api.Test
  void twiliosOwnOptOutIsAKeywordWhateverTheText() {
    assertThat(keywords.optOutReason("please stop texting", "STOP"))
        .isEqualTo(InboundKeywords.KEYWORD);
  }
}

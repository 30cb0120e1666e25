package io.followup.api.core;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Revocation in plain words (FCC 47 CFR 64.1200(a)(10), SPEC "Conversations"): an inbound text that
 * contains one of the phrases, as whole words, case-, space- and punctuation-insensitive, is an
 * opt-out. "Please stop texting me, thanks" is one; "stop by", "can't stop", "non-stop" are not. A
 * phrase right after a negation ("don't stop texting me", "can't stop calling") is not one either:
 * a reasonable person would not read it as revocation.
 */
public final class RevocationPhrases {

  /** The built-in phrases; {@code OPT_OUT_PHRASES} adds to them. */
  public static final List<String> DEFAULTS =
      List.of(
          "stop texting",
          "stop calling",
          "stop messaging",
          "remove me",
          "take me off",
          "do not contact",
          "don't contact",
          "unsubscribe me",
          "wrong number",
          "leave me alone");

  /** Words that turn the phrase after them around. */
  private static final Set<String> NEGATIONS =
      Set.of("dont", "cant", "cannot", "wont", "never", "not", "non", "didnt", "doesnt", "couldnt");

  /** Apostrophes (straight, curly, modifier) join a word: "don't" is "dont". */
  private static final Pattern APOSTROPHES = Pattern.compile("['\u2018\u2019\u02BC\u0060\u00B4]");

  /** Everything but letters and digits separates words. */
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The zero-width characters a phone or a copy-paste puts inside a word. */
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\u180E\\u2060\\uFEFF]");

  private final List<String> phrases;

  /**
   * @param extra configured phrases ({@code OPT_OUT_PHRASES}), added to {@link #DEFAULTS}
   */
  public RevocationPhrases(List<String> extra) {
    Set<String> all = new LinkedHashSet<>();
    DEFAULTS.stream().map(RevocationPhrases::words).forEach(all::add);
    extra.stream().map(RevocationPhrases::words).filter(p -> !p.isEmpty()).forEach(all::add);
    this.phrases = List.copyOf(all);
  }

  /** The phrase the text contains, in its normalised words; null when none. */
  public String find(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    // a negation turns around a phrase of its own sentence only: "Absolutely not! Stop texting me"
    for (String sentence : SENTENCES.split(text)) {
      String padded = " " + words(sentence) + " ";
      for (String phrase : phrases) {
        String needle = " " + phrase + " ";
        for (int at = padded.indexOf(needle); at >= 0; at = padded.indexOf(needle, at + 1)) {
          if (!negated(padded, at)) {
            return phrase;
          }
        }
      }
    }
    return null;
  }

  /** What ends a sentence (commas do not: "Quit, bugging me" is one). */
  private static final Pattern SENTENCES = Pattern.compile("[.!?;\\n\u3002\uFF01\uFF1F]+");

  /** Whether the word before the match at {@code at} (the space before it) is a negation. */
  private static boolean negated(String padded, int at) {
    String before = padded.substring(0, at).strip();
    int space = before.lastIndexOf(' ');
    String word = space < 0 ? before : before.substring(space + 1);
    return NEGATIONS.contains(word);
  }

  /** Lower-case words separated by one space: " Don’t CONTACT!" is "dont contact". */
  static String words(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFKC);
    plain = INVISIBLE.matcher(plain).replaceAll("");
    plain = APOSTROPHES.matcher(plain).replaceAll("");
    return SEPARATORS.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }
}

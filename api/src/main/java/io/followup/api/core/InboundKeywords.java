package io.followup.api.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an inbound text is (SPEC "Conversations"): the whole message, case- and
 * whitespace-insensitive, compared with the keyword lists (an opt-out or help keyword also with its
 * punctuation and courtesy words dropped: "Stop.", "STOP please"; an opt-in only as the exact
 * word); Twilio's own {@code OptOutType} (STOP, START, HELP), when present, decides first; a text
 * that is no keyword but contains a revocation phrase ({@link RevocationPhrases}) is an opt-out
 * too.
 */
public final class InboundKeywords {

  public enum Kind {
    OPT_OUT,
    OPT_IN,
    HELP,
    /** Any other text. */
    REPLY,
    /**
     * A text the auto-reply phrases name (out of office, "driving"): {@link InboundTexts} decides
     * it after the keywords, never {@link #classify}.
     */
    AUTO_REPLY
  }

  public static final List<String> OPT_OUT =
      List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  public static final List<String> OPT_IN = List.of("START", "UNSTOP", "YES");
  public static final List<String> HELP = List.of("HELP", "INFO");

  /** The {@code OPT_OUT} event's {@code data.reason} for a keyword. */
  public static final String KEYWORD = "KEYWORD";

  /** The {@code OPT_OUT} event's {@code data.reason} for a revocation phrase. */
  public static final String PHRASE = "PHRASE";

  private final Set<String> optOut;
  private final RevocationPhrases phrases;

  /**
   * @param extraOptOut configured opt-out keywords ({@code OPT_OUT_KEYWORDS}), in any case
   */
  public InboundKeywords(List<String> extraOptOut) {
    this(extraOptOut, new RevocationPhrases(List.of()));
  }

  /**
   * @param extraOptOut configured opt-out keywords ({@code OPT_OUT_KEYWORDS}), in any case
   * @param phrases the revocation phrases ({@code OPT_OUT_PHRASES} with the defaults)
   */
  public InboundKeywords(List<String> extraOptOut, RevocationPhrases phrases) {
    this.phrases = phrases;
    Set<String> all = new LinkedHashSet<>(OPT_OUT);
    extraOptOut.stream()
        .map(InboundKeywords::normalise)
        .filter(k -> !k.isEmpty())
        .forEach(all::add);
    this.optOut = Set.copyOf(all);
  }

  /**
   * @param body the text as received (null is an empty text: a reply)
   * @param optOutType Twilio's {@code OptOutType} parameter, null when absent
   */
  public Kind classify(String body, String optOutType) {
    String type = optOutType == null ? "" : normalise(optOutType);
    switch (type) {
      case "STOP":
        return Kind.OPT_OUT;
      case "START":
        return Kind.OPT_IN;
      case "HELP":
        return Kind.HELP;
      default:
        break;
    }
    String text = body == null ? "" : body;
    if (isOptOutKeyword(text)) {
      return Kind.OPT_OUT;
    }
    // an opt-in stays the exact word: "Yes!" to a follow-up is a reply, not a re-subscription
    if (OPT_IN.contains(normalise(text))) {
      return Kind.OPT_IN;
    }
    if (HELP.contains(normalise(text)) || HELP.contains(keywordWords(text))) {
      return Kind.HELP;
    }
    return phrases.find(body) != null ? Kind.OPT_OUT : Kind.REPLY;
  }

  /**
   * Why a text {@link #classify classified} as {@code OPT_OUT} is one: {@link #PHRASE} when only a
   * revocation phrase made it so, else {@link #KEYWORD}.
   */
  public String optOutReason(String body, String optOutType) {
    if (optOutType != null && normalise(optOutType).equals("STOP")) {
      return KEYWORD;
    }
    return isOptOutKeyword(body == null ? "" : body) ? KEYWORD : PHRASE;
  }

  /**
   * Courtesy words a revocation keyword may come with: "Stop please", "Unsubscribe, thank you" are
   * the keyword.
   */
  private static final Set<String> COURTESY =
      Set.of("PLEASE", "PLS", "PLZ", "THANKS", "THANK", "YOU", "THX", "TY", "NOW");

  /**
   * Whether the message is an opt-out keyword: the whole message, or its words without punctuation
   * and courtesy words ("Stop.", "STOP!", "Cancel please", "stop stop", "opt out").
   */
  private boolean isOptOutKeyword(String text) {
    if (optOut.contains(normalise(text))) {
      return true;
    }
    List<String> words = keywordWordList(text);
    return !words.isEmpty()
        && (optOut.contains(String.join("", words)) || words.stream().allMatch(optOut::contains));
  }

  /** The message's words, upper case, without punctuation and courtesy words. */
  private static List<String> keywordWordList(String text) {
    String words = RevocationPhrases.words(text).toUpperCase(Locale.ROOT);
    return java.util.Arrays.stream(words.split(" "))
        .filter(w -> !w.isEmpty() && !COURTESY.contains(w))
        .toList();
  }

  /** {@link #keywordWordList} joined: "Help?" is HELP. */
  private static String keywordWords(String text) {
    return String.join("", keywordWordList(text));
  }

  /**
   * Every space (ASCII and Unicode: {@code \p{Z}}, NBSP), control and invisible format character
   * ({@code \p{Cf}}: zero-width space and joiners, the BOM, direction marks), and the zero-width
   * space's kin that Unicode files elsewhere: what a phone's keyboard or a copy-paste may add.
   */
  private static final Pattern IGNORED =
      Pattern.compile("[\\s\\p{Z}\\p{Cf}\\p{Cc}\\u180E\\u2060\\uFEFF]+");

  /** Upper case without any space or invisible character: " Stop " and "s\u200Btop" are STOP. */
  static String normalise(String text) {
    return IGNORED.matcher(text).replaceAll("").toUpperCase(Locale.ROOT);
  }
}

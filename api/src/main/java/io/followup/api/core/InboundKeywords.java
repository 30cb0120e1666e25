package io.followup.api.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an inbound text is (SPEC "Conversations"): the whole message, case- and
 * whitespace-insensitive, compared with the keyword lists; Twilio's own {@code OptOutType} (STOP,
 * START, HELP), when present, decides first.
 */
public final class InboundKeywords {

  public enum Kind {
    OPT_OUT,
    OPT_IN,
    HELP,
    /** Any other text. */
    REPLY
  }

  public static final List<String> OPT_OUT =
      List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  public static final List<String> OPT_IN = List.of("START", "UNSTOP", "YES");
  public static final List<String> HELP = List.of("HELP", "INFO");

  private final Set<String> optOut;

  /**
   * @param extraOptOut configured opt-out keywords ({@code OPT_OUT_KEYWORDS}), in any case
   */
  public InboundKeywords(List<String> extraOptOut) {
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
    String word = normalise(body == null ? "" : body);
    if (optOut.contains(word)) {
      return Kind.OPT_OUT;
    }
    if (OPT_IN.contains(word)) {
      return Kind.OPT_IN;
    }
    if (HELP.contains(word)) {
      return Kind.HELP;
    }
    return Kind.REPLY;
  }

  /** Upper case without any whitespace: " Stop " and "s top" are both STOP. */
  static String normalise(String text) {
    return text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
  }
}

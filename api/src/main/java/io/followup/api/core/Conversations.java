package io.followup.api.core;

import java.time.Duration;
import java.util.List;

/**
 * The conversation settings the inbound callbacks need ({@code STOP_ON_REPLY}, {@code HELP_TEXT},
 * {@code OPT_OUT_KEYWORDS}, {@code OPT_OUT_PHRASES}, {@code REPLY_ATTRIBUTION_HOURS}).
 *
 * @param replyAttribution how long after a send a reply credits it (and its strategy)
 * @param ourNumbers the numbers texts to us are sent to ({@code TWILIO_FROM_NUMBER}); an inbound
 *     text to any other is ignored. Empty: every {@code To} is taken
 * @param optOutConfirmation answered to an opt-out Twilio did not handle itself (no {@code
 *     OptOutType})
 * @param optInConfirmation answered to such an opt-in
 */
public record Conversations(
    boolean stopOnReply,
    String helpText,
    List<String> extraOptOutKeywords,
    List<String> extraOptOutPhrases,
    Duration replyAttribution,
    List<String> ourNumbers,
    String optOutConfirmation,
    String optInConfirmation,
    List<String> extraAutoReplyPhrases,
    Duration outOfOfficeDefault,
    String defaultTimezone,
    Duration replyResume) {

  public Conversations {
    extraAutoReplyPhrases = List.copyOf(extraAutoReplyPhrases);
    extraOptOutKeywords = List.copyOf(extraOptOutKeywords);
    extraOptOutPhrases = List.copyOf(extraOptOutPhrases);
    ourNumbers = ourNumbers.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
  }

  /** Whether a text sent to {@code to} is ours to read. */
  public boolean isOurs(String to) {
    return ourNumbers.isEmpty() || (to != null && ourNumbers.contains(to.strip()));
  }
}

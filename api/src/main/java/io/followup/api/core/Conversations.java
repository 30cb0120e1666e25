package io.followup.api.core;

import java.time.Duration;
import java.util.List;

/**
 * The conversation settings the inbound callbacks need ({@code STOP_ON_REPLY}, {@code HELP_TEXT},
 * {@code OPT_OUT_KEYWORDS}, {@code OPT_OUT_PHRASES}, {@code REPLY_ATTRIBUTION_HOURS}).
 *
 * @param replyAttribution how long after a send a reply credits it (and its strategy)
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
    String optOutConfirmation,
    String optInConfirmation) {

  public Conversations {
    extraOptOutKeywords = List.copyOf(extraOptOutKeywords);
    extraOptOutPhrases = List.copyOf(extraOptOutPhrases);
  }
}

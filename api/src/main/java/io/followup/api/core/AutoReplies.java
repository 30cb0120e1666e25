package io.followup.api.core;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Auto-replies to texts (issue 21, SPEC "Conversations"): an inbound text that contains one of the
 * phrases (whole words, case-, space- and punctuation-insensitive, as {@link RevocationPhrases}) is
 * an automatic answer, not the lead's: out-of-office replies, a phone's "driving" or "do not
 * disturb" answer, a carrier's or a business line's automated reply. An out-of-office one may name
 * the day the lead is back ({@link ReturnDates}). Pure: no clock, no configuration of its own.
 */
public final class AutoReplies {

  /** Phrases that say the lead is away (an out-of-office reply); they are auto-replies too. */
  public static final List<String> OUT_OF_OFFICE =
      List.of(
          "out of office",
          "out of the office",
          "ooo",
          "on vacation",
          "on holiday",
          "on annual leave",
          "on leave",
          "on parental leave",
          "on maternity leave",
          "away from the office",
          "away until",
          "i am away",
          "im away",
          "i am currently away",
          "im currently away");

  /** The other built-in phrases; {@code AUTO_REPLY_PHRASES} adds to both lists. */
  public static final List<String> DEFAULTS =
      List.of(
          "auto reply",
          "autoreply",
          "auto response",
          "automatic reply",
          "automated reply",
          "automated response",
          "automated message",
          "this is an automated",
          "im driving with do not disturb",
          "i am driving with do not disturb",
          "do not disturb while driving",
          "driving right now and will",
          "ill see your message when i get where im going",
          "do not reply to this message",
          "this number does not accept",
          "this mailbox is not monitored",
          "we have received your message",
          "thank you for your message we will");

  /** What an auto-reply said: whether the lead is away, and until when when it says so. */
  public record AutoReply(boolean outOfOffice, LocalDate returnDate) {}

  private final List<String> outOfOffice;
  private final List<String> phrases;

  /**
   * @param extra configured phrases ({@code AUTO_REPLY_PHRASES}), added to the built-in ones
   */
  public AutoReplies(List<String> extra) {
    this.outOfOffice = normalised(OUT_OF_OFFICE, List.of());
    this.phrases = normalised(DEFAULTS, extra);
  }

  private static List<String> normalised(List<String> base, List<String> extra) {
    Set<String> all = new LinkedHashSet<>();
    base.stream().map(RevocationPhrases::words).forEach(all::add);
    extra.stream().map(RevocationPhrases::words).filter(p -> !p.isEmpty()).forEach(all::add);
    return List.copyOf(all);
  }

  /**
   * The auto-reply {@code text} is, with its return day read relative to {@code today} (the lead's
   * date when the text came); null when it is the lead's own words.
   */
  public AutoReply classify(String text, LocalDate today) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String padded = " " + RevocationPhrases.words(text) + " ";
    if (contains(padded, outOfOffice)) {
      return new AutoReply(true, ReturnDates.find(text, today));
    }
    return contains(padded, phrases) ? new AutoReply(false, null) : null;
  }

  private static boolean contains(String padded, List<String> phrases) {
    for (String phrase : phrases) {
      if (padded.contains(" " + phrase + " ")) {
        return true;
      }
    }
    return false;
  }
}

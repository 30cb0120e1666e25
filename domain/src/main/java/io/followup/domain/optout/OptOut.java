package io.followup.domain.optout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One opt-out, and the rules of recording it: which flag it sets, what its {@code OPT_OUT} event
 * holds, whether a retry can repeat it, and whether an {@code optOut} webhook goes out. Every way a
 * lead opts out is a factory here; the store writes all of them the same way (its {@code OptOuts}),
 * so the flag, the event and the webhook cannot drift apart.
 *
 * @param flag which sends the opt-out stops
 * @param channel where it came from ({@code sms}, {@code email}, or the provider's channel)
 * @param reason {@code data.reason} of the event and {@code optOutReason} of the webhook
 * @param twilioOptOut {@code isTwilioOptOut}: Twilio itself handled the keyword or reported the
 *     number opted out; null for email (Apten sends null there: Twilio has no say in it)
 * @param fromProvider a provider reported it (the event's {@code data.source: provider})
 * @param messageSid the inbound text that carried the keyword; null otherwise
 * @param keywordText that text as the lead wrote it ({@code optOutMessage}); null otherwise
 * @param webhook whether an {@code optOut} webhook goes out with it
 */
public record OptOut(
    Flag flag,
    String channel,
    String reason,
    Boolean twilioOptOut,
    boolean fromProvider,
    String messageSid,
    String keywordText,
    boolean webhook) {

  /** The lead's two opt-outs: texts and calls follow one, emails the other (SPEC). */
  public enum Flag {
    /** {@code isUnsubscribed}: no text, no call. */
    TEXTS_AND_CALLS,
    /** {@code isEmailUnsubscribed}: no email. */
    EMAIL
  }

  /** An opt-out keyword (STOP, ...) in an inbound text. */
  public static final String KEYWORD = "KEYWORD";

  /** A revocation phrase ("stop texting me", ...) in an inbound text. */
  public static final String PHRASE = "PHRASE";

  /** The number texted an opt-out keyword before any lead had it: the lead is created opted out. */
  public static final String KEYWORD_BEFORE_CREATE = "KEYWORD_BEFORE_CREATE";

  /** The lead followed its email unsubscribe link. */
  public static final String UNSUBSCRIBE_LINK = "UNSUBSCRIBE_LINK";

  public OptOut {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(reason, "reason");
  }

  /** The lead texted an opt-out keyword. */
  public static OptOut keyword(String messageSid, String text, boolean twilioOptOut) {
    Objects.requireNonNull(messageSid, "messageSid");
    return new OptOut(
        Flag.TEXTS_AND_CALLS, "sms", KEYWORD, twilioOptOut, false, messageSid, text, true);
  }

  /**
   * The lead wrote a revocation phrase ("Please stop texting me") in an inbound text: the same as a
   * keyword but for its reason ({@link #PHRASE}); Twilio never handles phrases itself.
   */
  public static OptOut phrase(String messageSid, String text) {
    Objects.requireNonNull(messageSid, "messageSid");
    return new OptOut(Flag.TEXTS_AND_CALLS, "sms", PHRASE, false, false, messageSid, text, true);
  }

  /** The lead pressed the opt-out key during a call. */
  public static final String KEYPRESS = "KEYPRESS";

  /**
   * The lead pressed the opt-out key on a call ({@code <Gather>}): out of calls and texts, as a
   * keyword does; the event and webhook say {@code channel: call}.
   */
  public static OptOut keypress() {
    return new OptOut(Flag.TEXTS_AND_CALLS, "call", KEYPRESS, false, false, null, null, true);
  }

  /** The number texted an opt-out keyword before the lead was created; no webhook. */
  public static OptOut keywordBeforeCreate() {
    return new OptOut(
        Flag.TEXTS_AND_CALLS, "sms", KEYWORD_BEFORE_CREATE, false, false, null, null, false);
  }

  /**
   * A provider refused a send because the number opted out (Twilio's 21610, say).
   *
   * @param channel the channel of the refused send, e.g. {@code sms}
   * @param reason e.g. {@code TWILIO_21610}
   */
  public static OptOut reportedByProvider(String channel, String reason) {
    return new OptOut(Flag.TEXTS_AND_CALLS, channel, reason, true, true, null, null, true);
  }

  /**
   * The lead unsubscribed from email.
   *
   * @param reason {@link #UNSUBSCRIBE_LINK}, or SPEC's {@code BOUNCE}, {@code COMPLAINT}, {@code
   *     MANUAL}
   */
  public static OptOut email(String reason) {
    return new OptOut(Flag.EMAIL, "email", reason, null, false, null, null, true);
  }

  /** The {@code OPT_OUT} event's {@code data}, in this order. */
  public Map<String, Object> eventData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel", channel);
    data.put("reason", reason);
    if (messageSid != null) {
      data.put("isTwilioOptOut", twilioOptOut);
      data.put("messageSid", messageSid);
    }
    if (fromProvider) {
      data.put("source", "provider");
    }
    return data;
  }

  /**
   * What makes a repeat of the same opt-out record nothing (an inbound text's retried callback);
   * null when the flag alone decides.
   */
  public String dedupeKey() {
    return messageSid == null ? null : "sms:" + messageSid;
  }
}

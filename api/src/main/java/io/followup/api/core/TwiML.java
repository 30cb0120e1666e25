package io.followup.api.core;

import io.followup.domain.twiml.TwimlEscaper;

/** The TwiML the inbound callbacks answer with ({@code text/xml}). */
public final class TwiML {
  public static final String EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private TwiML() {}

  /** A reply text to the sender. */
  public static String message(String text) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
        + TwimlEscaper.escape(text)
        + "</Message></Response>";
  }

  /** Said to the caller, then the call ends. */
  public static String sayAndHangUp(String text) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>"
        + TwimlEscaper.escape(text)
        + "</Say><Hangup/></Response>";
  }

  /** The call ends. */
  public static final String HANG_UP =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>";
}

package io.followup.worker.provider.twilio;

import io.followup.domain.twiml.TwimlEscaper;
import java.time.Duration;

/** The few TwiML documents the provider sends. */
final class TwimlText {
  private TwimlText() {}

  /**
   * What a call runs once answering-machine detection has decided, until the provider replaces it:
   * silence, then the end of the call if no attempt acted on it.
   */
  static String hold(Duration atMost) {
    long seconds = Math.max(1, Math.min(atMost.toSeconds(), 600));
    return "<Response><Pause length=\"" + seconds + "\"/></Response>";
  }

  /** Speaks {@code text}, then the call ends. */
  static String say(String text) {
    return "<Response><Say>" + TwimlEscaper.escape(text) + "</Say></Response>";
  }

  /**
   * The script a person hears, then the key-press opt-out: a one-digit {@code <Gather>} posting to
   * the opt-out's callback; without a callback, the script alone.
   */
  static String spoken(String script, CallOptOut optOut) {
    if (optOut.gatherUrl() == null) {
      return say(script);
    }
    return "<Response><Say>"
        + TwimlEscaper.escape(script)
        + "</Say><Gather numDigits=\"1\" timeout=\"5\" method=\"POST\" action=\""
        + TwimlEscaper.escape(optOut.gatherUrl().toString())
        + "\"><Say>"
        + TwimlEscaper.escape(optOut.words())
        + "</Say></Gather></Response>";
  }

  /** A voicemail, and how to opt out. */
  static String voicemail(String text, CallOptOut optOut) {
    return say(text + " " + optOut.voicemailWords());
  }
}

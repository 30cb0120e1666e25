package io.followup.worker.provider.twilio;

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
    return "<Response><Say>" + escape(text) + "</Say></Response>";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

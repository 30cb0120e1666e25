package io.followup.api.core;

/** The TwiML the inbound callbacks answer with ({@code text/xml}). */
public final class TwiML {
  public static final String EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private TwiML() {}

  /** A reply text to the sender. */
  public static String message(String text) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
        + escape(text)
        + "</Message></Response>";
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
        default -> {
          // characters XML 1.0 cannot hold are left out
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

package io.followup.domain.twiml;

/**
 * Text for a TwiML document ({@code <Say>}, {@code <Message>}): the API's replies to inbound texts
 * and the worker's call scripts share this one escaper. XML 1.0 cannot hold every character a
 * template or a caller may produce (control characters, U+FFFE, U+FFFF, a lone surrogate); such a
 * character is left out rather than sent, since Twilio rejects the whole document otherwise.
 */
public final class TwimlEscaper {
  private TwimlEscaper() {}

  /** {@code text} with the markup characters as entities and what XML cannot hold left out. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                  if (allowedInXml(c)) {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }

  /** XML 1.0's {@code Char} production; a lone surrogate arrives here as its own code point. */
  private static boolean allowedInXml(int c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}

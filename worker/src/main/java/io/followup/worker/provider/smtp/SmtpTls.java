package io.followup.worker.provider.smtp;

import java.util.Locale;

/** How the connection to the SMTP server is secured. */
public enum SmtpTls {
  /** Plain connection upgraded with STARTTLS; a server that does not offer it is refused. */
  STARTTLS,
  /** TLS from the first byte (SMTPS, usually port 465). */
  TLS,
  /** Clear text: a relay on the same host or network only. */
  NONE;

  /**
   * @throws IllegalArgumentException for anything but starttls, tls or none
   */
  public static SmtpTls parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "starttls" -> STARTTLS;
      case "tls" -> TLS;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException("must be starttls, tls or none; got " + value);
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

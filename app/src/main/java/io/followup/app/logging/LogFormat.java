package io.followup.app.logging;

import java.util.Locale;

/** {@code LOG_FORMAT}: how the application and access logs are written. */
public enum LogFormat {
  /** Dropwizard's text lines (the default). */
  TEXT,
  /** One JSON object a line. */
  JSON;

  /** The format named by {@code value}; anything but text or json stops the start. */
  public static LogFormat parse(String value) {
    String name = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "", "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(
              "LOG_FORMAT: must be text or json; got '" + value + "'");
    };
  }
}

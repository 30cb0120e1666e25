package io.followup.app.cli;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dropwizard's {@code ${VAR:-default}} substitution, with two changes.
 *
 * <p>A variable set to the empty string reads as unset: its default applies. Compose passes {@code
 * VAR: ${VAR:-}} (or a {@code VAR=} line in an .env file) as an empty value, and {@code maxSize:
 * ${DATABASE_POOL_SIZE:-16}} must then still be 16, not an empty value that stops the start.
 *
 * <p>A placeholder that is a whole YAML scalar ({@code key: ${VAR}}, {@code key: "${VAR}"}, {@code
 * - ${VAR}}) is replaced by a scalar YAML reads back as the variable's exact text: a quoted
 * placeholder always becomes a double-quoted, escaped scalar (a secret holding {@code "}, {@code
 * \}, {@code " #"}, a leading {@code @ * ! & %}, or {@code yes} arrives unchanged); an unquoted one
 * stays plain when its value is plain-safe (numbers, booleans, durations, times such as {@code
 * 08:00}, hosts) and is quoted otherwise. The value is taken as it is: a {@code ${...}} inside it
 * is not expanded again. A default (the variable unset or empty) is the file's own YAML text and is
 * substituted as before, as is a placeholder inside a longer scalar.
 */
public final class EnvironmentSubstitutor extends EnvironmentVariableSubstitutor {
  /**
   * {@code key: ${VAR}}, {@code - ${VAR}}, {@code - key: "${VAR:-default}"}, optionally quoted,
   * optionally followed by a comment.
   */
  private static final Pattern WHOLE_SCALAR =
      Pattern.compile(
          "^(?<lead>[ \\t]*(?:-[ \\t]+(?:[A-Za-z0-9_.-]+:[ \\t]+)?|[A-Za-z0-9_.-]+:[ \\t]+))"
              + "(?<quote>[\"']?)\\$\\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\\}"
              + "\\k<quote>(?<tail>[ \\t]*(?:#.*)?)$");

  /** What YAML reads back as the same text (or as the number, boolean or time it spells). */
  private static final Pattern PLAIN_SAFE =
      Pattern.compile("[A-Za-z0-9_+./-](?:[A-Za-z0-9_+./,=@()-]|:(?=[^\\s]))*");

  private final UnaryOperator<String> environment;

  public EnvironmentSubstitutor() {
    this(System::getenv);
  }

  /** {@code environment}: a variable's value, or null when it is not set. */
  public EnvironmentSubstitutor(UnaryOperator<String> environment) {
    super(false);
    this.environment =
        name -> {
          String value = environment.apply(name);
          return value == null || value.isEmpty() ? null : value;
        };
    setVariableResolver(this.environment::apply);
  }

  @Override
  public String replace(String source) {
    if (source == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(source.length());
    int start = 0;
    while (start <= source.length()) {
      int end = source.indexOf('\n', start);
      String line = source.substring(start, end < 0 ? source.length() : end);
      out.append(replaceLine(line));
      if (end < 0) {
        break;
      }
      out.append('\n');
      start = end + 1;
    }
    return out.toString();
  }

  private String replaceLine(String line) {
    boolean cr = line.endsWith("\r");
    String body = cr ? line.substring(0, line.length() - 1) : line;
    Matcher m = WHOLE_SCALAR.matcher(body);
    if (!m.matches()) {
      return super.replace(line);
    }
    String value = environment.apply(m.group("name"));
    if (value == null) {
      // the default is the file's own YAML text, read as the file's author wrote it
      return super.replace(line);
    }
    String scalar;
    if (!m.group("quote").isEmpty()) {
      scalar = doubleQuoted(value);
    } else if (PLAIN_SAFE.matcher(value).matches() && !value.equals("-")) {
      scalar = value;
    } else {
      scalar = doubleQuoted(value);
    }
    return m.group("lead") + scalar + m.group("tail") + (cr ? "\r" : "");
  }

  /** {@code value} as a YAML double-quoted scalar: {@code \}, {@code "} and controls escaped. */
  static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                  if (c < 0x20
                      || c == 0x7F
                      || (c >= 0x80 && c <= 0x9F)
                      || c == 0x2028
                      || c == 0x2029
                      || c == 0xFEFF) {
                    out.append(String.format("\\u%04X", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}

package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conversations ({@code conversations:} in the YAML; SPEC "Conversations"): {@code PUBLIC_BASE_URL}
 * (the address Twilio and mail clients reach the API at: webhook signatures, unsubscribe links,
 * status callbacks), {@code STOP_ON_REPLY} [true], {@code HELP_TEXT}, {@code OPT_OUT_KEYWORDS}
 * (comma-separated, added to SPEC's list), {@code REPLY_ATTRIBUTION_HOURS} [72] and {@code
 * UNSUBSCRIBE_SECRET} (signs the email unsubscribe links; unset: one generated once and kept in the
 * database; never logged).
 */
public class ConversationSettings {
  public static final String DEFAULT_HELP_TEXT =
      "You are receiving follow-up messages. Reply STOP to opt out, START to opt back in.";

  /** The least {@code UNSUBSCRIBE_SECRET} takes, in UTF-8 bytes. */
  public static final int MIN_UNSUBSCRIBE_SECRET_BYTES = 16;

  @JsonProperty public String publicBaseUrl = "";
  @JsonProperty public String unsubscribeSecret = "";
  @JsonProperty public boolean stopOnReply = true;
  @JsonProperty public String helpText = DEFAULT_HELP_TEXT;
  @JsonProperty public String optOutKeywords = "";
  @JsonProperty public double replyAttributionHours = 72;

  /** {@code PUBLIC_BASE_URL} without a trailing slash; empty when unset. */
  public String baseUrl() {
    String url = publicBaseUrl == null ? "" : publicBaseUrl.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  /** The configured extra opt-out keywords, upper-cased, without blanks. */
  public List<String> extraOptOutKeywords() {
    return Arrays.stream(optOutKeywords == null ? new String[0] : optOutKeywords.split(","))
        .map(k -> k.replaceAll("\\s+", "").toUpperCase(java.util.Locale.ROOT))
        .filter(k -> !k.isEmpty())
        .toList();
  }

  /** {@code UNSUBSCRIBE_SECRET}'s bytes; empty when unset (the database keeps a generated one). */
  public java.util.Optional<byte[]> configuredUnsubscribeSecret() {
    return unsubscribeSecret == null || unsubscribeSecret.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            unsubscribeSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public String helpText() {
    return helpText == null || helpText.isBlank() ? DEFAULT_HELP_TEXT : helpText;
  }

  /** Every rule these settings break, each as {@code VARIABLE: rule}. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String url = baseUrl();
    if (!url.isEmpty()) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme();
        if (scheme == null
            || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || uri.getHost() == null) {
          problems.add("PUBLIC_BASE_URL: must be an http or https URL with a host");
        }
      } catch (URISyntaxException e) {
        problems.add("PUBLIC_BASE_URL: is not a valid URL");
      }
    }
    if (!(replyAttributionHours > 0) || replyAttributionHours > 87_600) {
      problems.add("REPLY_ATTRIBUTION_HOURS: must be a number of hours above 0, at most 87600");
    }
    if (configuredUnsubscribeSecret()
        .filter(secret -> secret.length < MIN_UNSUBSCRIBE_SECRET_BYTES)
        .isPresent()) {
      problems.add(
          "UNSUBSCRIBE_SECRET: must be at least "
              + MIN_UNSUBSCRIBE_SECRET_BYTES
              + " characters (unset: one is generated and kept in the database)");
    }
    if (helpText != null && helpText.length() > 1600) {
      problems.add("HELP_TEXT: must be at most 1600 characters");
    }
    return problems;
  }
}

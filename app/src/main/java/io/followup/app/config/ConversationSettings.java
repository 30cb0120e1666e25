package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Conversations ({@code conversations:} in the YAML; SPEC "Conversations"): {@code PUBLIC_BASE_URL}
 * (the address Twilio and mail clients reach the API at: webhook signatures, unsubscribe links,
 * status callbacks), {@code STOP_ON_REPLY} [true], {@code HELP_TEXT}, {@code OPT_OUT_KEYWORDS}
 * (comma-separated, added to SPEC's list), {@code OPT_OUT_CONFIRMATION_TEXT}, {@code
 * OPT_IN_CONFIRMATION_TEXT} (answered when Twilio did not handle the keyword), {@code
 * OPT_OUT_PHRASES} (comma-separated revocation phrases, added to the built-in ones), {@code
 * REPLY_ATTRIBUTION_HOURS} [72] and {@code UNSUBSCRIBE_SECRET} (signs the email unsubscribe links;
 * unset: one generated once and kept in the database; never logged).
 */
public class ConversationSettings {
  public static final String DEFAULT_HELP_TEXT =
      "You are receiving follow-up messages. Reply STOP to opt out, START to opt back in.";

  /** The least {@code UNSUBSCRIBE_SECRET} takes, in UTF-8 bytes. */
  public static final int MIN_UNSUBSCRIBE_SECRET_BYTES = 16;

  @JsonProperty public String publicBaseUrl = "";
  @JsonProperty public String unsubscribeSecret = "";
  @JsonProperty public boolean stopOnReply = true;

  @Size(max = 1600, message = "HELP_TEXT: must be at most 1600 characters")
  @JsonProperty
  public String helpText = DEFAULT_HELP_TEXT;

  @JsonProperty public String optOutKeywords = "";

  public static final String DEFAULT_OPT_OUT_CONFIRMATION =
      "You are unsubscribed and will get no more messages from this number. Reply START to"
          + " resubscribe.";
  public static final String DEFAULT_OPT_IN_CONFIRMATION =
      "You are resubscribed. Reply STOP to unsubscribe, HELP for help.";

  @Size(max = 1600, message = "OPT_OUT_CONFIRMATION_TEXT: must be at most 1600 characters")
  @JsonProperty
  public String optOutConfirmationText = "";

  @Size(max = 1600, message = "OPT_IN_CONFIRMATION_TEXT: must be at most 1600 characters")
  @JsonProperty
  public String optInConfirmationText = "";

  /** {@code OPT_OUT_CONFIRMATION_TEXT}, or the default when empty. */
  public String optOutConfirmation() {
    return blank(optOutConfirmationText) ? DEFAULT_OPT_OUT_CONFIRMATION : optOutConfirmationText;
  }

  /** {@code OPT_IN_CONFIRMATION_TEXT}, or the default when empty. */
  public String optInConfirmation() {
    return blank(optInConfirmationText) ? DEFAULT_OPT_IN_CONFIRMATION : optInConfirmationText;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  @Size(max = 4000, message = "OPT_OUT_PHRASES: must be at most 4000 characters")
  @JsonProperty
  public String optOutPhrases = "";

  /** {@code AUTO_REPLY_PHRASES}: comma-separated, added to the built-in auto-reply phrases. */
  @Size(max = 4000, message = "AUTO_REPLY_PHRASES: must be at most 4000 characters")
  @JsonProperty
  public String autoReplyPhrases = "";

  /** {@code OOO_RESUME_DEFAULT_DAYS}: how long an out-of-office without a date pauses a lead. */
  @Min(value = 1, message = "OOO_RESUME_DEFAULT_DAYS: must be a whole number of days from 1 to 365")
  @Max(
      value = 365,
      message = "OOO_RESUME_DEFAULT_DAYS: must be a whole number of days from 1 to 365")
  @JsonProperty
  public int oooResumeDefaultDays = 14;

  /**
   * {@code REPLY_RESUME_HOURS}: a lead whose reply stopped its follow-ups resumes at its next step
   * when nobody wrote for this long after its last reply; 0 (the default) is off.
   */
  @DecimalMin(value = "0", message = REPLY_RESUME_HOURS)
  @DecimalMax(value = "87600", message = REPLY_RESUME_HOURS)
  @JsonProperty
  public double replyResumeHours = 0;

  private static final String REPLY_RESUME_HOURS =
      "REPLY_RESUME_HOURS: must be a number of hours from 0 (off) to 87600";

  /** The configured extra auto-reply phrases, stripped, without blanks. */
  public List<String> extraAutoReplyPhrases() {
    return Arrays.stream(autoReplyPhrases == null ? new String[0] : autoReplyPhrases.split(","))
        .map(String::strip)
        .filter(p -> !p.isEmpty())
        .toList();
  }

  @DecimalMin(value = "0", inclusive = false, message = REPLY_ATTRIBUTION_HOURS)
  @DecimalMax(value = "87600", message = REPLY_ATTRIBUTION_HOURS)
  @JsonProperty
  public double replyAttributionHours = 72;

  private static final String REPLY_ATTRIBUTION_HOURS =
      "REPLY_ATTRIBUTION_HOURS: must be a number of hours above 0, at most 87600";

  /**
   * How often the API tells workflows the inbound texts they missed (Temporal was unreachable when
   * the text came). YAML only.
   */
  @JsonProperty
  public io.dropwizard.util.Duration inboundRetryEvery = io.dropwizard.util.Duration.seconds(30);

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

  /** The configured extra revocation phrases, stripped, without blanks. */
  public List<String> extraOptOutPhrases() {
    return Arrays.stream(optOutPhrases == null ? new String[0] : optOutPhrases.split(","))
        .map(String::strip)
        .filter(p -> !p.isEmpty())
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

  @ValidationMethod(message = "PUBLIC_BASE_URL: is not a valid URL")
  @JsonIgnore
  public boolean isPublicBaseUrlValid() {
    return baseUrl().isEmpty() || publicBaseUri().isPresent();
  }

  @ValidationMethod(message = "PUBLIC_BASE_URL: must be an http or https URL with a host")
  @JsonIgnore
  public boolean isPublicBaseUrlHttp() {
    return publicBaseUri()
        .map(
            uri ->
                uri.getScheme() != null
                    && (uri.getScheme().equalsIgnoreCase("http")
                        || uri.getScheme().equalsIgnoreCase("https"))
                    && uri.getHost() != null)
        .orElse(true);
  }

  @ValidationMethod(
      message =
          "UNSUBSCRIBE_SECRET: must be at least "
              + MIN_UNSUBSCRIBE_SECRET_BYTES
              + " characters (unset: one is generated and kept in the database)")
  @JsonIgnore
  public boolean isUnsubscribeSecretLongEnough() {
    return configuredUnsubscribeSecret()
        .map(secret -> secret.length >= MIN_UNSUBSCRIBE_SECRET_BYTES)
        .orElse(true);
  }

  /** {@code PUBLIC_BASE_URL} as a URI; empty when unset or not a URI. */
  private Optional<URI> publicBaseUri() {
    String url = baseUrl();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new URI(url));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

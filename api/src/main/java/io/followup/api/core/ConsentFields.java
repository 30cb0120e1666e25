package io.followup.api.core;

import static io.followup.api.core.RequestFields.object;
import static io.followup.api.core.RequestFields.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.command.Consent;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code consent: {source, capturedAt, text, url}} on create and PATCH: parsed and checked here, a
 * broken rule a 400 naming {@code consent.<field>}. Stored and shown as the same JSON object.
 */
public final class ConsentFields {
  private ConsentFields() {}

  public static final int MAX_SOURCE = 200;
  public static final int MAX_TEXT = 10_000;
  public static final int MAX_URL = 2_048;

  /**
   * How far past the server's clock a {@code capturedAt} may be: the caller's clock may run a
   * little ahead; further is a mistake (docs/DECISIONS.md).
   */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> FIELDS = Set.of("source", "capturedAt", "text", "url");

  /** The body's {@code consent}; null when absent. PATCH may not clear it: null is a 400. */
  static Consent parse(ObjectNode body) {
    if (!body.has("consent")) {
      return null;
    }
    JsonNode node = body.get("consent");
    if (node.isNull()) {
      throw ApiException.badRequest(
          "consent",
          "cannot be cleared; a lead that revokes its consent opts out (STOP, or the DNC list)");
    }
    if (!(node instanceof ObjectNode)) {
      throw ApiException.badRequest("consent", "must be a JSON object");
    }
    ObjectNode consent;
    try {
      consent = object(node, FIELDS);
    } catch (ApiException e) {
      throw new ApiException(400, "consent." + e.getMessage());
    }
    String source = text(consent, "source", MAX_SOURCE);
    if (source == null || source.isBlank()) {
      throw ApiException.badRequest("consent.source", "is required and must not be blank");
    }
    String captured = text(consent, "capturedAt", 64);
    if (captured == null) {
      throw ApiException.badRequest("consent.capturedAt", "is required");
    }
    Instant capturedAt;
    try {
      capturedAt = OffsetDateTime.parse(captured.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "consent.capturedAt",
          "must be an ISO-8601 date-time with an offset or Z, e.g. 2026-01-05T09:00:00Z");
    }
    if (capturedAt.isBefore(Instant.EPOCH)) {
      throw ApiException.badRequest("consent.capturedAt", "must be after 1970-01-01T00:00:00Z");
    }
    String words = text(consent, "text", MAX_TEXT);
    String url = text(consent, "url", MAX_URL);
    if (url != null && !isHttp(url)) {
      throw ApiException.badRequest("consent.url", "must be an http or https URL with a host");
    }
    return new Consent(source.strip(), capturedAt, words, url == null ? null : url.strip());
  }

  /** A consent captured later than {@code now} (plus {@link #CLOCK_SKEW}) is a 400. */
  static void checkCaptured(Consent consent, Instant now) {
    if (consent != null && consent.capturedAt().isAfter(now.plus(CLOCK_SKEW))) {
      throw ApiException.badRequest("consent.capturedAt", "must not be in the future");
    }
  }

  /** The stored and shown object: {@code text} and {@code url} null when not given. */
  static ObjectNode json(ObjectMapper json, Consent consent) {
    ObjectNode node = json.createObjectNode();
    node.put("source", consent.source());
    node.put("capturedAt", consent.capturedAt().toString());
    node.put("text", consent.text());
    node.put("url", consent.url());
    return node;
  }

  private static String text(ObjectNode consent, String field, int max) {
    try {
      return optionalText(consent, field, max);
    } catch (ApiException e) {
      throw new ApiException(400, "consent." + e.getMessage());
    }
  }

  private static boolean isHttp(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

package io.followup.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.api.core.ApiException;

/** Request bodies and parameters, read strictly: bad input is a 400 that says what is wrong. */
public final class JsonBodies {
  private final ObjectMapper strict;

  public JsonBodies(ObjectMapper mapper) {
    this.strict =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  public JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    try {
      return strict.readTree(body);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      throw ApiException.badRequest(
          "body",
          "is not valid JSON ("
              + (detail.length() > 120 ? detail.substring(0, 120) : detail)
              + ")");
    }
  }

  static Integer integer(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "must be an integer");
    }
  }

  static String idempotencyKey(String header) {
    if (header == null) {
      return null;
    }
    if (header.isBlank() || header.length() > 200) {
      throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 characters");
    }
    return header;
  }
}

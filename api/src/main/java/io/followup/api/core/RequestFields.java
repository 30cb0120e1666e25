package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The one home of the field readers every request parser shares (leads, strategies, Twilio's
 * callbacks): a broken rule is a 400 whose message names the field. Lengths of JSON strings are
 * counted in characters (code points), as the store counts them.
 */
final class RequestFields {
  private RequestFields() {}

  /** The body as an object whose every field is in {@code allowed}; else a 400 naming it. */
  static ObjectNode object(JsonNode body, Set<String> allowed) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(name, "unknown field");
      }
    }
    return object;
  }

  /** A string of at most {@code maxLength} characters; null when absent or null. */
  static String optionalText(ObjectNode object, String field, int maxLength) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    String text = node.textValue();
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw ApiException.badRequest(field, "must be at most " + maxLength + " characters");
    }
    return text;
  }

  /** As {@link #optionalText}, and not absent or blank. */
  static String requiredText(ObjectNode object, String field, int maxLength) {
    String value = optionalText(object, field, maxLength);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    return value;
  }

  /** true or false; null when absent or null. */
  static Boolean optionalBoolean(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw ApiException.badRequest(field, "must be true or false");
    }
    return node.booleanValue();
  }

  /** A form parameter of at most {@code max} UTF-16 units; null when absent. */
  static String optionalParam(Map<String, String> params, String name, int max) {
    String value = params.get(name);
    if (value != null && value.length() > max) {
      throw ApiException.badRequest(name, "must be at most " + max + " characters");
    }
    return value;
  }

  /** As {@link #optionalParam}, and not absent or blank. */
  static String requiredParam(Map<String, String> params, String name, int max) {
    String value = optionalParam(params, name, max);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(name, "is required");
    }
    return value;
  }
}

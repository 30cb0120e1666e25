package io.followup.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.api.core.ApiException;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Request bodies and parameters, read strictly: bad input is a 400 (or a 415 for a body that is not
 * declared as JSON) that says what is wrong in plain words, never in the parser's.
 */
public final class JsonBodies {
  /** How deep arrays and objects may nest in a body. */
  public static final int MAX_NESTING_DEPTH = 100;

  /** The longest number a body may hold, in characters. */
  public static final int MAX_NUMBER_LENGTH = 100;

  static final String NOT_JSON = "Content-Type must be application/json.";

  private final ObjectMapper strict;

  public JsonBodies(ObjectMapper mapper) {
    this.strict =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.strict
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
  }

  /**
   * The body of a POST or PATCH: declared as JSON ({@code Content-Type} is required; a charset, if
   * given, must be one this JVM knows), decoded strictly (a malformed byte is a 400, never a
   * replacement character) and parsed strictly.
   *
   * @param contentType the request's {@code Content-Type} header as sent, or null
   */
  public JsonNode read(String contentType, byte[] body) {
    Charset charset = charset(contentType);
    return parse(decode(charset, body == null ? new byte[0] : body));
  }

  /** The charset a JSON body is written in: UTF-8 unless the Content-Type names another. */
  static Charset charset(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new ApiException(415, NOT_JSON + " The Content-Type header is missing.");
    }
    MediaType type;
    try {
      type = MediaType.valueOf(contentType);
    } catch (RuntimeException e) {
      throw new ApiException(415, NOT_JSON);
    }
    if (!type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType()) {
      throw new ApiException(415, NOT_JSON);
    }
    String name = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name.strip());
    } catch (IllegalArgumentException e) {
      // IllegalCharsetNameException, UnsupportedCharsetException, or no name at all
      throw new ApiException(415, "Content-Type: unknown charset; send the body as UTF-8.");
    }
  }

  static String decode(Charset charset, byte[] body) {
    try {
      CharBuffer chars =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body));
      return chars.toString();
    } catch (CharacterCodingException e) {
      String name = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name();
      throw ApiException.badRequest("body", "is not valid " + name);
    }
  }

  public JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    JsonNode tree;
    try {
      tree = strict.readTree(body);
    } catch (StreamConstraintsException e) {
      String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      if (detail.contains("nesting depth")) {
        throw ApiException.badRequest(
            "body", "nests arrays and objects more than " + MAX_NESTING_DEPTH + " levels deep");
      }
      if (detail.contains("Number")) {
        throw ApiException.badRequest(
            "body", "holds a number longer than " + MAX_NUMBER_LENGTH + " characters");
      }
      throw ApiException.badRequest("body", "is too large to read");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body", "is not valid JSON" + where(e.getLocation()));
    }
    check(tree);
    return tree;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /**
   * What JSON allows but the store cannot keep as sent: a number out of double's range (read as
   * Infinity), the character U+0000, or half of a surrogate pair.
   */
  private static void check(JsonNode root) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw ApiException.badRequest("body", "holds a number out of range");
      }
      if (node.isTextual()) {
        text(node.textValue());
      }
      if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          text(field.getKey());
          todo.push(field.getValue());
        }
      } else if (node.isArray()) {
        node.forEach(todo::push);
      }
    }
  }

  private static void text(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw ApiException.badRequest("body", "must not contain the character U+0000");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiException.badRequest(
            "body", "holds a lone surrogate escape, which is not a character");
      }
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

package io.followup.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields every MESSAGE and EMAIL event carries, as Apten shapes them: {@code direction} ({@code
 * OUTBOUND}, {@code INBOUND}), {@code deliveryChannel} ({@code SMS}, {@code EMAIL}), {@code
 * isAiGenerated} (false: every text here comes from a template or a caller) and {@code content:
 * {"text", "subject" for email}}. Our own fields (channel, status, step, ...) stay beside them.
 */
public final class MessageEvents {
  public static final String OUTBOUND = "OUTBOUND";
  public static final String INBOUND = "INBOUND";
  public static final String SMS = "SMS";
  public static final String EMAIL = "EMAIL";

  /** The key of a send's event: a delivery status finds the event by it. */
  public static String sendKey(String idempotencyKey) {
    return "send:" + idempotencyKey;
  }

  private MessageEvents() {}

  /** Sets the message fields on {@code data}; {@code subject} is kept for email only. */
  public static ObjectNode put(
      ObjectNode data, String direction, String deliveryChannel, String text, String subject) {
    ObjectNode content = data.objectNode();
    content.put("text", text);
    if (EMAIL.equals(deliveryChannel)) {
      content.put("subject", subject);
    }
    data.put("direction", direction);
    data.put("deliveryChannel", deliveryChannel);
    data.put("isAiGenerated", false);
    data.set("content", content);
    return data;
  }

  /** {@code data.content.text}, or a plain string content. */
  public static String text(JsonNode data) {
    JsonNode content = data.path("content");
    JsonNode text = content.isObject() ? content.path("text") : content;
    return text.isTextual() ? text.asText() : null;
  }
}

package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A delivery channel. Steps use text, call and email; a voicemail only follows an unanswered call.
 */
public enum Channel {
  TEXT,
  CALL,
  EMAIL,
  VOICEMAIL;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Channel fromWire(String value) {
    if (value == null) {
      return null;
    }
    for (Channel c : values()) {
      if (c.wireName().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown channel '" + value + "' (text, call, email)");
  }

  /** Texts and calls (and voicemails) are bound by the sending window and by opt-outs. */
  public boolean isVoiceOrText() {
    return this != EMAIL;
  }
}

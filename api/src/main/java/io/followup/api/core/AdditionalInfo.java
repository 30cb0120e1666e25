package io.followup.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** The lead's free-form {@code additionalInfo}: its one merge rule and its stored form. */
final class AdditionalInfo {
  private final ObjectMapper json;

  AdditionalInfo(ObjectMapper json) {
    this.json = json;
  }

  /** New keys added, existing keys replaced, a key set to null removed. */
  ObjectNode merge(String stored, ObjectNode patch) {
    ObjectNode merged = (ObjectNode) parse(stored);
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        merged.remove(e.getKey());
      } else {
        merged.set(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  JsonNode parse(String stored) {
    try {
      return json.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }
}

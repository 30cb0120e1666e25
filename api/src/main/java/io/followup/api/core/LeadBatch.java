package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.view.BatchResult;
import io.followup.api.core.view.BatchResults;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/leads/batch}: up to {@link #MAX_ITEMS} creates and updates in one request. An
 * item with {@code id} is that lead's PATCH body, one without is a create body; either may carry
 * {@code idempotencyKey}. Each item runs as its single request would (its own transaction and
 * workflow call), one after another in the items' order, and answers what that request would have
 * answered; a failed item never stops the others. Each item takes its own {@linkplain ChangePasses
 * pass} (the embedded run's gate leaves a batch request to its items), so a replacement of the
 * in-memory Temporal service waits for one item, never for the whole batch.
 */
public final class LeadBatch {
  public static final int MAX_ITEMS = 500;
  static final int MAX_KEY = 200;
  private static final Logger log = LoggerFactory.getLogger(LeadBatch.class);

  private final LeadWrites writes;
  private final ChangePasses passes;

  public LeadBatch(LeadWrites writes, ChangePasses passes) {
    this.writes = writes;
    this.passes = passes;
  }

  public BatchResults apply(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object with a leads array");
    }
    Iterator<String> fields = body.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!field.equals("leads")) {
        throw ApiException.badRequest(field, "unknown field");
      }
    }
    JsonNode leads = body.get("leads");
    if (leads == null || !leads.isArray() || leads.isEmpty() || leads.size() > MAX_ITEMS) {
      throw ApiException.badRequest("leads", "must be an array of 1 to " + MAX_ITEMS + " leads");
    }
    List<BatchResult> results = new ArrayList<>(leads.size());
    for (int i = 0; i < leads.size(); i++) {
      results.add(item(i, leads.get(i)));
    }
    return new BatchResults(results);
  }

  /** One item, as {@link #apply} runs each: {@code index} is what its result names. */
  public BatchResult item(int index, JsonNode item) {
    Runnable release = null;
    try {
      if (!item.isObject()) {
        throw ApiException.badRequest("leads[" + index + "]", "must be an object");
      }
      ObjectNode body = ((ObjectNode) item).deepCopy();
      String key = key(body.remove("idempotencyKey"));
      JsonNode id = body.remove("id");
      release = passes.enter();
      if (id == null) {
        return new BatchResult(index, 200, writes.create(body, key), null);
      }
      String leadId = leadId(id);
      try {
        writes.update(leadId, body, key);
      } catch (ApiException e) {
        throw itemKey(e);
      }
      return new BatchResult(index, 200, leadId, null);
    } catch (ApiException e) {
      return new BatchResult(index, e.status(), null, e.getMessage());
    } catch (RuntimeException e) {
      // the item's own failure (a bug, say): logged by class, never with the item's data
      log.error("batch item {}: {}", index, e.getClass().getName(), e);
      return new BatchResult(index, 500, null, "Internal error; it has been logged.");
    } finally {
      if (release != null) {
        release.run();
      }
    }
  }

  /** PATCH's errors name its header; an item's key is its {@code idempotencyKey} field. */
  private static ApiException itemKey(ApiException e) {
    String header = "Idempotency-Key: ";
    String message = e.getMessage();
    if (message == null || !message.startsWith(header)) {
      return e;
    }
    return ApiException.badRequest("idempotencyKey", message.substring(header.length()));
  }

  private static String key(JsonNode key) {
    if (key == null || key.isNull()) {
      return null;
    }
    if (!key.isTextual() || key.asText().isBlank() || key.asText().length() > MAX_KEY) {
      throw ApiException.badRequest(
          "idempotencyKey", "must be a string of 1 to " + MAX_KEY + " characters");
    }
    return key.asText();
  }

  /** An id no lead can have is a 404, as in the path of a PATCH. */
  private static String leadId(JsonNode id) {
    if (!id.isTextual()) {
      throw ApiException.badRequest("id", "must be a lead's id (a string)");
    }
    String leadId = id.asText();
    boolean impossible =
        leadId.isEmpty()
            || leadId.length() > 64
            || leadId
                .chars()
                .anyMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c));
    if (impossible) {
      throw new ApiException(404, "lead not found: no lead has such an id");
    }
    return leadId;
  }
}

package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;

/** The write use cases the HTTP layer calls ({@link LeadCommands}; fakes in resource tests). */
public interface LeadWrites {
  /**
   * @return the new lead's id
   */
  String create(JsonNode body);

  /**
   * {@link #create(JsonNode)} with an idempotency key (a batch item's): a repeat with the same body
   * answers the lead it created and changes nothing; with another body, a 400.
   *
   * @param idempotencyKey null for none
   * @return the new (or, for a repeat, the first) lead's id
   */
  default String create(JsonNode body, String idempotencyKey) {
    if (idempotencyKey != null) {
      throw new UnsupportedOperationException("idempotent creates");
    }
    return create(body);
  }

  void update(String leadId, JsonNode body, String idempotencyKey);

  /** {@code POST /v1/leads/{id}/addContext}. */
  void addContext(String leadId, JsonNode body);

  /**
   * {@code POST /v1/leads/{id}/sendMessage}: returns once the lead's workflow holds the message.
   *
   * @param idempotencyKey when given, a repeat of the same request sends nothing more
   */
  void sendMessage(String leadId, JsonNode body, String idempotencyKey);

  /**
   * {@code DELETE /v1/leads/{id}}: ends the lead's workflow and erases its personal data; the row
   * stays as deleted for the list. Idempotent: an erased lead answers as the first time.
   */
  void delete(String leadId);
}

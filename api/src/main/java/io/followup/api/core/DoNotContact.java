package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.view.DncEntryView;
import io.followup.store.DncList;
import java.util.Iterator;

/**
 * The Do-Not-Contact list's use cases ({@code /v1/dnc}): numbers normalised to E.164 by the lead
 * phone's own rule ({@link PhoneNumbers}), so a number matches however it is written. The worker
 * asks the list at every text and call; nothing here touches a lead.
 */
public final class DoNotContact {
  private final DncList list;

  public DoNotContact(DncList list) {
    this.list = list;
  }

  /** {@code POST /v1/dnc/register {"phone"}}: listed (again: nothing changes). */
  public void register(JsonNode body) {
    String phone = PhoneNumbers.e164(phoneField(body), "phone");
    Database.call(() -> list.register(phone));
  }

  /** {@code GET /v1/dnc/{phone}}: the entry; 404 when the number is not listed. */
  public DncEntryView get(String rawPhone) {
    String phone = PhoneNumbers.e164(rawPhone, "phone");
    return Database.call(() -> list.find(phone))
        .map(e -> new DncEntryView(e.phone(), e.source(), e.createdAt().toString()))
        .orElseThrow(() -> new ApiException(404, "phone number not on the DNC list"));
  }

  /**
   * {@code DELETE /v1/dnc/{phone}}: idempotent; whether the number was listed.
   *
   * @return false when it was not listed (still a 200: the number is off the list either way)
   */
  public boolean remove(String rawPhone) {
    String phone = PhoneNumbers.e164(rawPhone, "phone");
    return Database.call(() -> list.remove(phone));
  }

  /** The body's {@code phone}: a JSON object with that one field, a string of at most 40. */
  private static String phoneField(JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("phone")) {
        throw ApiException.badRequest(name, "unknown field");
      }
    }
    JsonNode phone = object.get("phone");
    if (phone == null || phone.isNull()) {
      return null;
    }
    if (!phone.isTextual()) {
      throw ApiException.badRequest("phone", "must be a string");
    }
    if (phone.textValue().codePointCount(0, phone.textValue().length()) > 40) {
      throw ApiException.badRequest("phone", "must be at most 40 characters");
    }
    return phone.textValue();
  }
}

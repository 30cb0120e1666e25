package io.followup.store.support;

import io.followup.store.LeadRow;
import java.time.Instant;

/** Lead rows for storage tests: an unscheduled lead, created and updated at {@code at}. */
public final class LeadRows {
  private LeadRows() {}

  public static LeadRow unscheduled(String id, String phone, Instant at) {
    return unscheduled(id, "Ada", "Lovelace", phone, null, at);
  }

  public static LeadRow unscheduled(
      String id, String firstName, String lastName, String phone, String email, Instant at) {
    return new LeadRow(
        id,
        firstName,
        lastName,
        phone,
        email,
        null,
        null,
        "{}",
        false,
        false,
        0,
        "UNSCHEDULED",
        null,
        "{}",
        0,
        0,
        0,
        at,
        at,
        false);
  }
}

package io.followup.domain.lead;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a send needs to know about a lead. Activities look it up by id at send time, so no personal
 * data enters a workflow's history.
 *
 * @param phone E.164 ({@code +15555555555}); null when unknown
 * @param email null when unknown
 * @param timezone tz database name; null when unknown
 * @param additionalInfo free-form facts templates can use ({@code {additionalInfo.company}})
 * @param unsubscribed the lead opted out of texts and calls
 * @param state the lead's US state, two letters; null when not given (the phone's area code decides
 *     its region then)
 * @param emailUnsubscribed the lead unsubscribed from email (its unsubscribe link); texts and calls
 *     are governed by {@code unsubscribed} alone
 */
public record Lead(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    Map<String, Object> additionalInfo,
    boolean unsubscribed,
    boolean emailUnsubscribed,
    String state) {

  public Lead {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a lead needs an id");
    }
    // LinkedHashMap, not Map.copyOf: JSON values may be null
    additionalInfo =
        additionalInfo == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(additionalInfo));
  }

  public Lead withUnsubscribed(boolean value) {
    return new Lead(
        id,
        firstName,
        lastName,
        phone,
        email,
        timezone,
        additionalInfo,
        value,
        emailUnsubscribed,
        state);
  }

  public Lead withEmailUnsubscribed(boolean value) {
    return new Lead(
        id,
        firstName,
        lastName,
        phone,
        email,
        timezone,
        additionalInfo,
        unsubscribed,
        value,
        state);
  }
}

package io.followup.api.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * The one rule for a phone number the API takes (a lead's {@code phone}, a Do-Not-Contact number):
 * {@code +}, digits, spaces and {@code ()-}, a possible number, stored as E.164. Both go through
 * here, so however a number is written, the lead and the list agree on it.
 */
public final class PhoneNumbers {
  private static final Pattern PHONE_CHARS = Pattern.compile("\\+[0-9 ()\\-]+");
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final String RULE =
      "must start with + and hold only digits, spaces and ()- (e.g. +15555555555)";

  private PhoneNumbers() {}

  /**
   * E.164, e.g. {@code +15555555555}, from {@code +1 (555) 555-5555} and the like.
   *
   * @param field the name a 400 names
   * @throws ApiException 400 naming {@code field} when absent, blank or not a possible number
   */
  public static String e164(String raw, String field) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    if (!PHONE_CHARS.matcher(raw.strip()).matches()) {
      throw ApiException.badRequest(field, RULE);
    }
    try {
      PhoneNumber number = PHONES.parse(raw.strip(), "ZZ");
      if (!PHONES.isPossibleNumber(number)) {
        throw ApiException.badRequest(field, "is not a possible phone number");
      }
      return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw ApiException.badRequest(field, RULE);
    }
  }
}

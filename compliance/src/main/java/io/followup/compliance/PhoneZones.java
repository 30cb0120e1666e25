package io.followup.compliance;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time zones a phone number implies (libphonenumber's {@link PhoneNumberToTimeZonesMapper}):
 * one for most numbers, several for a number whose prefix spans zones (a US toll-free number, a
 * Russian mobile), none for a number the data does not place ({@code Etc/Unknown}).
 */
public final class PhoneZones {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

  private PhoneZones() {}

  /** The zones of an E.164 number; empty when it names none or does not parse. */
  public static List<ZoneId> of(String e164) {
    Optional<PhoneNumber> number = parse(e164);
    if (number.isEmpty()) {
      return List.of();
    }
    List<ZoneId> zones = new ArrayList<>();
    for (String id :
        PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number.get())) {
      if (id.equals(UNKNOWN)) {
        continue;
      }
      try {
        zones.add(ZoneId.of(id));
      } catch (DateTimeException unknownToThisJvm) {
        // a zone newer than the JVM's tz data: the others still hold
      }
    }
    return List.copyOf(zones);
  }

  static Optional<PhoneNumber> parse(String e164) {
    if (e164 == null || e164.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PHONES.parse(e164, null));
    } catch (NumberParseException notANumber) {
      return Optional.empty();
    }
  }
}

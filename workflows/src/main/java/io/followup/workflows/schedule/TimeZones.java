package io.followup.workflows.schedule;

import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which time zone names a lead or the organisation may use: the tz database's region names ({@code
 * Area/Location}, such as {@code America/New_York} or {@code America/Argentina/Buenos_Aires}) and
 * exactly {@code UTC}. Offsets ({@code +05:00}, {@code Z}, {@code GMT+5}, {@code UTC+01:00}), the
 * {@code Etc/*} and {@code SystemV/*} families and legacy names without an area ({@code EST5EDT},
 * {@code GMT}) are not region names.
 */
public final class TimeZones {
  public static final String UTC = "UTC";

  /** The JVM's tz database ids; {@link ZoneId#getAvailableZoneIds} copies them on every call. */
  private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

  private TimeZones() {}

  public static boolean isRegionName(String name) {
    if (name == null) {
      return false;
    }
    if (name.equals(UTC)) {
      return true;
    }
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      return false;
    }
    if (name.startsWith("Etc/") || name.startsWith("SystemV/")) {
      return false;
    }
    return ZONE_IDS.contains(name);
  }

  /** Every accepted name, sorted (for documentation and tests). */
  public static Set<String> regionNames() {
    Set<String> names = new TreeSet<>();
    for (String id : ZONE_IDS) {
      if (isRegionName(id)) {
        names.add(id);
      }
    }
    names.add(UTC);
    return names;
  }
}

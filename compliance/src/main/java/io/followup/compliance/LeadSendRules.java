package io.followup.compliance;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.schedule.RegionalRule;
import io.followup.workflows.schedule.SendRules;
import io.followup.workflows.schedule.TimeZones;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The send rules for one lead: its zones (its {@code timezone}; else the zones its phone implies;
 * else the organisation's), its region's rule (by its {@code state}, else its phone's area code),
 * then {@link SendRules}. The worker's local activity answers the workflow with it; the API can
 * preview a schedule with it.
 */
public final class LeadSendRules {
  private final RegionalRules regions;

  public LeadSendRules(RegionalRules regions) {
    this.regions = Objects.requireNonNull(regions, "regions");
  }

  /**
   * @param phone the lead's E.164 phone; null when unknown (the lead's zone or the default holds,
   *     and no region)
   * @param leadTimezone the lead's stored zone, used when {@code request.timezone()} is absent;
   *     null when it has none
   * @param state the lead's US state; null when not given (its phone's area code decides)
   */
  public SendSlot firstAllowed(
      SendSlotRequest request, String phone, String leadTimezone, String state) {
    ZoneId fallback = zone(request.defaultTimezone());
    List<ZoneId> zones = zonesOf(request.timezone(), leadTimezone, phone, fallback);
    RegionalRule regional = regionOf(state, phone).orElse(null);
    return SendRules.firstAllowed(
        request.notBefore(),
        request.channel(),
        zones,
        fallback,
        request.window(),
        regional,
        request.recentCallsAndTexts());
  }

  /** The rule of the lead's region: by its state, else by its phone's area code. */
  public Optional<RegionalRule> regionOf(String state, String phone) {
    return regions.forLead(state, phone);
  }

  /** Where the lead may be: its own zone, else its phone's, else the organisation's. */
  public static List<ZoneId> zonesOf(
      String timezone, String leadTimezone, String phone, ZoneId fallback) {
    for (String own : new String[] {timezone, leadTimezone}) {
      if (own != null && TimeZones.isRegionName(own)) {
        return List.of(ZoneId.of(own));
      }
    }
    List<ZoneId> implied = PhoneZones.of(phone);
    return implied.isEmpty() ? List.of(fallback) : implied;
  }

  private static ZoneId zone(String name) {
    return name != null && TimeZones.isRegionName(name) ? ZoneId.of(name) : ZoneId.of("UTC");
  }
}

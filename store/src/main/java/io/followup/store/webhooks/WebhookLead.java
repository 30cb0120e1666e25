package io.followup.store.webhooks;

import io.followup.store.LeadRow;

/**
 * What every lead event's {@code data} says about its lead (SPEC "Outbound webhooks"): {@code
 * leadId}, {@code phone}, {@code profile} (the lead's {@code customerProfile}). One place, so a new
 * lead field reaches every event at once.
 *
 * @param phone E.164; null when the lead is gone
 * @param profile null when the lead has none
 */
public record WebhookLead(String leadId, String phone, String profile) {

  public static WebhookLead of(LeadRow row) {
    return new WebhookLead(row.id(), row.phone(), row.customerProfile());
  }

  /** A lead whose row is not there (any more): its id alone. */
  public static WebhookLead gone(String leadId) {
    return new WebhookLead(leadId, null, null);
  }
}

package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.command.Consent;
import io.followup.domain.events.EventType;
import io.followup.store.EventStatements;
import io.followup.store.FollowUpEvents;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The events a create or a PATCH writes beside the lead's row, under its lock: {@code
 * CONSENT_RECORDED} (consent as given), {@code FOLLOW_UP_PAUSED}/{@code FOLLOW_UP_RESUMED} and
 * {@code FOLLOW_UP_CHANGED} (which fields, and the schedule that resulted); the {@code
 * lead.additionalInfo.updated} webhook.
 */
final class LeadChangeEvents {
  private final ObjectMapper json;
  private final AdditionalInfo additionalInfo;
  private final WebhookOutbox webhooks;

  LeadChangeEvents(ObjectMapper json, WebhookOutbox webhooks) {
    this.json = json;
    this.additionalInfo = new AdditionalInfo(json);
    this.webhooks = webhooks;
  }

  /**
   * PATCH's merge, in one place for PATCH and addContext; the keys whose value changed go out as
   * {@code lead.additionalInfo.updated} in the caller's transaction.
   */
  String additionalInfo(Handle handle, LeadRow row, ObjectNode patch) {
    ObjectNode before = (ObjectNode) additionalInfo.parse(row.additionalInfo());
    ObjectNode merged = additionalInfo.merge(row.additionalInfo(), patch);
    ObjectNode changes = WebhookEvents.additionalInfoChanges(before, merged);
    if (!changes.isEmpty()) {
      webhooks.enqueue(
          handle,
          WebhookEvents.ADDITIONAL_INFO_UPDATED,
          row.id(),
          WebhookEvents.additionalInfoUpdated(WebhookLead.of(row), changes));
    }
    return merged.toString();
  }

  /**
   * The lead's consent as last given, and a {@code CONSENT_RECORDED} event with it (its history);
   * nothing when none was given. The caller holds the row's lock.
   */
  void consent(Handle handle, String leadId, Consent consent, Instant now) {
    if (consent == null) {
      return;
    }
    ObjectNode given = ConsentFields.json(json, consent);
    LeadStatements.setConsent(handle, leadId, given.toString());
    ObjectNode data = json.createObjectNode();
    data.set("consent", given);
    EventStatements.insertEventHoldingLock(
        handle, leadId, EventType.CONSENT_RECORDED, now, data.toString());
  }

  /** FOLLOW_UP_PAUSED or FOLLOW_UP_RESUMED when a PATCH paused or resumed the lead. */
  static void pause(
      Handle handle, String leadId, FollowUpState before, FollowUpState after, Instant now) {
    boolean wasPaused = before.followUpStatus() == FollowUpStatus.PAUSED;
    boolean isPaused = after.followUpStatus() == FollowUpStatus.PAUSED;
    if (isPaused
        && (!wasPaused || !java.util.Objects.equals(before.resumeAt(), after.resumeAt()))) {
      EventStatements.insertEventHoldingLock(
          handle,
          leadId,
          EventType.FOLLOW_UP_PAUSED,
          now,
          FollowUpEvents.paused(after, PATCH_REASON));
    } else if (wasPaused && !isPaused) {
      EventStatements.insertEventHoldingLock(
          handle,
          leadId,
          EventType.FOLLOW_UP_RESUMED,
          now,
          FollowUpEvents.resumed(after, PATCH_REASON));
    }
  }

  /** The reason of a pause or resume a PATCH made. */
  static final String PATCH_REASON = "PATCH";

  void change(Handle handle, String leadId, JsonNode body, FollowUpState state, Instant now) {
    ObjectNode data = json.createObjectNode();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    data.set("fields", json.valueToTree(fields));
    data.put("followUpStep", state.followUpStep());
    data.put("followUpStatus", state.followUpStatus().name());
    data.put(
        "nextFollowUpAt",
        state.nextFollowUpAt() == null ? null : state.nextFollowUpAt().toString());
    // the caller holds the row lock: update locked the row, create inserted it
    EventStatements.insertEventHoldingLock(
        handle, leadId, EventType.FOLLOW_UP_CHANGED, now, data.toString());
  }
}

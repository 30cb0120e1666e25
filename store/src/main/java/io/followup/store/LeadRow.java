package io.followup.store;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * A row of {@code leads}: profile fields and the projection of the lead's workflow state. {@code
 * emailUnsubscribed}: the lead followed its email unsubscribe link (no more emails); {@code
 * isUnsubscribed} is the SMS opt-out (no texts or calls).
 */
public record LeadRow(
    String id,
    String firstName,
    String lastName,
    String phone,
    String email,
    String timezone,
    String customerProfile,
    String additionalInfo,
    boolean hasReplied,
    boolean isUnsubscribed,
    int followUpStep,
    String followUpStatus,
    Instant nextFollowUpAt,
    String followUpState,
    long changeSeq,
    long sendSeq,
    long revision,
    Instant createdAt,
    Instant updatedAt,
    boolean emailUnsubscribed) {

  @JdbiConstructor
  public LeadRow {}
}

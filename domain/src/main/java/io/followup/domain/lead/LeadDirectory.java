package io.followup.domain.lead;

import java.util.Optional;

/** Where activities find a lead's contact details. The API provides the database-backed one. */
public interface LeadDirectory {
  Optional<Lead> find(String leadId);

  /**
   * Whether {@code phone} is on the organisation's Do-Not-Contact list: no text or call goes to it,
   * whichever lead has it. Asked at every send, so a number listed after a lead was created counts.
   *
   * @param phone E.164, as {@link Lead#phone()}; null is never listed
   */
  boolean doNotContact(String phone);

  /**
   * Whether the lead has a consent recorded (SPEC "Compliance", {@code consent} on create and
   * PATCH). Asked at a send only when {@code REQUIRE_CONSENT_FOR} names its channel.
   *
   * @throws UnsupportedOperationException from a directory that keeps no consent (fakes of tests
   *     that never require it): never a silent yes
   */
  default boolean hasConsent(String leadId) {
    throw new UnsupportedOperationException("this lead directory keeps no consent");
  }

  /**
   * The text of a one-off message ({@code sendMessage}) of this lead, as the caller wrote it; empty
   * when no such message is stored (yet).
   */
  default Optional<String> oneOffMessage(String leadId, String messageId) {
    return Optional.empty();
  }

  /**
   * Marks the lead unsubscribed from texts and calls because a provider reported it opted out (not
   * an inbound STOP the API saw), and records an {@code OPT_OUT} event with {@code data.channel}
   * and {@code data.reason}. A lead already unsubscribed gets no second event.
   *
   * @param channel the channel the opt-out came from, e.g. {@code sms}
   * @param reason why, e.g. {@code TWILIO_21610}
   * @throws UnsupportedOperationException from a directory that cannot record it (read-only fakes)
   */
  default void markOptedOut(String leadId, String channel, String reason) {
    throw new UnsupportedOperationException("this lead directory cannot record opt-outs");
  }
}

package io.followup.worker.provider;

import io.followup.workflows.activities.DeliveryStatus;
import java.util.Objects;

/**
 * A provider's acknowledgement of a send.
 *
 * @param providerId the provider's id for it (message SID, call SID, SMTP message id); null when
 *     nothing was placed (a voicemail with no answering machine to take it)
 * @param status what the send became: SENT for texts, emails and voicemails; ANSWERED, NO_ANSWER or
 *     VOICEMAIL_LEFT for a call; NO_ANSWER for a voicemail nobody could take
 * @param detail what the provider reported beyond the status (a call's end state); null if nothing
 * @param durationSeconds a call's duration as the provider reported it once the call ended; null
 *     when it did not (any other send, a call still in progress, a provider without durations)
 */
public record ProviderReceipt(
    String providerId, DeliveryStatus status, String detail, Integer durationSeconds) {

  public ProviderReceipt {
    Objects.requireNonNull(status, "status");
  }

  public ProviderReceipt(String providerId, DeliveryStatus status, String detail) {
    this(providerId, status, detail, null);
  }

  /** The same receipt with the call's duration (null: unknown). */
  public ProviderReceipt withDuration(Integer seconds) {
    return new ProviderReceipt(providerId, status, detail, seconds);
  }

  public static ProviderReceipt sent(String providerId) {
    return new ProviderReceipt(providerId, DeliveryStatus.SENT, null);
  }

  public static ProviderReceipt call(String providerId, boolean answered) {
    return new ProviderReceipt(
        providerId, answered ? DeliveryStatus.ANSWERED : DeliveryStatus.NO_ANSWER, null);
  }

  /** Whether a call was picked up by a person. */
  public boolean answered() {
    return status == DeliveryStatus.ANSWERED;
  }
}

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
 */
public record ProviderReceipt(String providerId, DeliveryStatus status, String detail) {

  public ProviderReceipt {
    Objects.requireNonNull(status, "status");
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

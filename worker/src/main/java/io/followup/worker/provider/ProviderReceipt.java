package io.followup.worker.provider;

/**
 * A provider's acknowledgement of a send.
 *
 * @param providerId the provider's id for it (message SID, call SID, SMTP message id)
 * @param answered for a call: whether it was picked up; false for other channels
 */
public record ProviderReceipt(String providerId, boolean answered) {

  public static ProviderReceipt sent(String providerId) {
    return new ProviderReceipt(providerId, false);
  }

  public static ProviderReceipt call(String providerId, boolean answered) {
    return new ProviderReceipt(providerId, answered);
  }
}

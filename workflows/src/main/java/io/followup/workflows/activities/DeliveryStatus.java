package io.followup.workflows.activities;

/** The outcome of one send, as the delivery ledger records it. */
public enum DeliveryStatus {
  SENT,
  /** A call that was picked up. */
  ANSWERED,
  /** A call nobody picked up (a voicemail may follow). */
  NO_ANSWER,
  /**
   * A call an answering machine took, with the voicemail left on it after the beep (providers that
   * detect machines); no separate voicemail follows.
   */
  VOICEMAIL_LEFT,
  FAILED,
  /** Not sent: the lead opted out of texts and calls. */
  BLOCKED,
  /**
   * A previous attempt died after handing the send to a provider that cannot tell whether it went
   * out. Not resent: each send happens at most once.
   */
  UNCONFIRMED
}

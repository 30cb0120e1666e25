package io.followup.domain.inbound;

/**
 * Where the reply mailbox's reader hands each email (issue 21); the API's handler records it. The
 * reader marks an email read only after {@link #handle} returned, so handling must be idempotent on
 * {@link InboundEmail#messageId()}: a crash between the two hands the same email over again.
 */
public interface InboundEmailHandler {
  /** What became of an email. */
  enum Outcome {
    /** Recorded for its lead (now or by an earlier attempt). */
    HANDLED,
    /** No lead matched: nothing recorded but a count. */
    UNMATCHED
  }

  /**
   * Records the email for its lead.
   *
   * @throws RuntimeException when it could not be recorded, or its lead's workflow not told: the
   *     reader leaves it unread and hands it over again at the next poll
   */
  Outcome handle(InboundEmail email);
}

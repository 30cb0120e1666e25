package io.followup.domain.sends;

import java.time.Instant;
import java.util.Optional;

/**
 * The senders' slots (store's {@code JdbiSenderSlots}), shared by every worker of the fleet: a due
 * send takes the first free slot of its sender's pace before it goes, and a send over the pace
 * waits for its slot.
 */
public interface SenderSlots {
  /** No slots kept: every send goes when asked. */
  SenderSlots NONE = (pace, sendKey, at) -> at;

  /**
   * The instant the send may go, at or after {@code at}: the slot it holds already (asked again
   * when the slot came), or the first free one of its sender, taken for it.
   *
   * @param sendKey the send's idempotency key: the same send asked twice gets one slot
   */
  Instant reserve(SenderPace pace, String sendKey, Instant at);

  /** The sender's first free slot as things stand (the schedule preview); empty when none kept. */
  default Optional<Instant> nextFree(String sender) {
    return Optional.empty();
  }
}

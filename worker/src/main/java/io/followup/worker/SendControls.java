package io.followup.worker;

import io.followup.compliance.SendSpread;
import io.followup.domain.sends.SendSwitch;
import io.followup.domain.sends.SenderPace;
import io.followup.domain.sends.SenderSlots;
import io.followup.workflows.model.Channel;
import java.util.Map;
import java.util.Objects;

/**
 * What places a due send beyond the send rules (workflows role): the operators' send switch, the
 * spreads ({@link SendSpread}) and the senders' paces with the slots they are taken from.
 *
 * @param paces by channel (texts, emails); a channel absent is not paced
 */
public record SendControls(
    SendSwitch sendSwitch, SendSpread spread, SenderSlots slots, Map<Channel, SenderPace> paces) {
  /** Never paused, no spread at a window's opening, no pace. */
  public static final SendControls NONE =
      new SendControls(SendSwitch.NEVER, SendSpread.NONE, SenderSlots.NONE, Map.of());

  public SendControls {
    Objects.requireNonNull(sendSwitch, "sendSwitch");
    Objects.requireNonNull(spread, "spread");
    Objects.requireNonNull(slots, "slots");
    paces = Map.copyOf(paces);
  }
}

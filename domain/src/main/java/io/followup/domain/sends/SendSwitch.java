package io.followup.domain.sends;

import io.followup.workflows.model.Channel;
import java.util.Map;

/**
 * The operators' send switch (store's {@code JdbiSendSwitch}): the channels whose due sends wait.
 * Asked by the workflow's send-rules local activity at every due send, so a pause reaches every
 * lead without touching its workflow, and a resume lets each held send go at its next check.
 */
public interface SendSwitch {
  /** Never paused: for workers and tests without a store. */
  SendSwitch NEVER = Map::of;

  /** The channels paused now, with why; a channel absent is sending. */
  Map<Channel, SendPause> paused();

  /** Whether sends on {@code channel} wait; a voicemail follows its call's switch. */
  default boolean isPaused(Channel channel) {
    return paused().containsKey(channel == Channel.VOICEMAIL ? Channel.CALL : channel);
  }
}

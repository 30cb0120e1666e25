package io.followup.domain.sends;

import io.followup.workflows.model.Channel;
import java.time.Instant;

/**
 * A channel's switch as last set.
 *
 * @param reason the operator's words (may be null); never logged
 * @param since when it was last paused or resumed
 * @param by who set it: {@code api} or {@code operator}
 */
public record SendPause(Channel channel, boolean paused, String reason, Instant since, String by) {}

package io.followup.api.core.command;

import java.time.Instant;

/**
 * A parsed, valid {@code sendMessage} body.
 *
 * @param message the text, sent as written
 * @param scheduledTime when to send it; null for now (a past instant also means now)
 * @param overrideBusinessHours goes at its time even outside the sending window
 * @param sendWhenOff goes even when the lead's follow-ups are STOPPED or REPLIED
 * @param scheduleFollowUps once sent, the follow-up schedule restarts at its first step
 */
public record SendMessage(
    String message,
    Instant scheduledTime,
    boolean overrideBusinessHours,
    boolean sendWhenOff,
    boolean scheduleFollowUps) {}

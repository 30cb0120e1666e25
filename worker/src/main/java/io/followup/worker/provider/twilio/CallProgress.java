package io.followup.worker.provider.twilio;

import java.util.Optional;

/**
 * What a call's attempt saves in its heartbeat: {@code <call SID>} once placed, {@code <call SID>
 * <act>} once the provider acted on the answer, so a retry neither dials again nor speaks twice.
 *
 * @param acted null until the provider acted on the answer
 */
record CallProgress(String sid, Act acted) {

  enum Act {
    /** A person answered: the script is spoken. */
    SPOKEN,
    /** A machine answered: the voicemail is left after the beep. */
    VOICEMAIL,
    /** A machine (no voicemail on this step) or a fax: hung up. */
    HUNG_UP
  }

  static CallProgress placed(String sid) {
    return new CallProgress(sid, null);
  }

  CallProgress with(Act act) {
    return new CallProgress(sid, act);
  }

  static Optional<CallProgress> parse(String saved) {
    if (saved == null || saved.isBlank()) {
      return Optional.empty();
    }
    String[] parts = saved.strip().split(" ");
    try {
      return Optional.of(
          new CallProgress(parts[0], parts.length > 1 ? Act.valueOf(parts[1]) : null));
    } catch (IllegalArgumentException e) {
      return Optional.of(placed(parts[0]));
    }
  }

  @Override
  public String toString() {
    return acted == null ? sid : sid + " " + acted.name();
  }
}

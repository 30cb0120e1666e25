package io.followup.worker.message;

import io.followup.workflows.model.Channel;

/**
 * What one render may produce and cost. Templates are checked for their section depth when they are
 * compiled (a strategy when it is stored, the built-in ones at start); a render stops as soon as a
 * part passes its length or the sections have iterated {@link #MAX_ITERATIONS} times.
 *
 * @param body characters of the text, call script, voicemail or email text body
 * @param subject characters of the email subject (after its line breaks became spaces)
 * @param html characters of the email HTML body
 */
public record RenderLimits(int body, int subject, int html) {
  /**
   * Sections inside sections: two levels (a list, and a section inside each item) cost {@code n^2}
   * over a list of n; each level more multiplies by n again (five levels over 30 items took 0.65
   * s).
   */
  public static final int MAX_SECTION_DEPTH = 2;

  /** Section iterations in one render, all sections together: far above any real message. */
  public static final int MAX_ITERATIONS = 10_000;

  /** A text: Twilio refuses a body over 1,600 characters. */
  public static final RenderLimits TEXT = new RenderLimits(1_600, 0, 0);

  /** A call script or voicemail, read out by TwiML {@code <Say>} (at most 4,096 characters). */
  public static final RenderLimits VOICE = new RenderLimits(4_000, 0, 0);

  /** An email: a subject a mail client shows whole enough; bodies far above any real message. */
  public static final RenderLimits EMAIL = new RenderLimits(100_000, 200, 200_000);

  public static RenderLimits of(Channel channel) {
    return switch (channel) {
      case TEXT -> TEXT;
      case EMAIL -> EMAIL;
      default -> VOICE;
    };
  }
}

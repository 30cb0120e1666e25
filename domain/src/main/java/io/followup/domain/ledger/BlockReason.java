package io.followup.domain.ledger;

/**
 * Why a send was {@code BLOCKED}: the {@code reason} of its {@code COMPLIANCE_BLOCKED} event and
 * the {@code reason} label of the compliance-block counter. (A cap's deferral has its own reasons:
 * {@code SendDeferral}.)
 */
public final class BlockReason {
  private BlockReason() {}

  /** The lead opted out of texts and calls (a keyword, a phrase, a provider's report). */
  public static final String OPTED_OUT = "OPTED_OUT";

  /** The lead unsubscribed from email. */
  public static final String EMAIL_UNSUBSCRIBED = "EMAIL_UNSUBSCRIBED";

  /** The lead's phone is on the organisation's Do-Not-Contact list. */
  public static final String DNC = "DNC";

  /** A text's window closed before it could be handed over (its validity would have run out). */
  public static final String WINDOW_CLOSED = "WINDOW_CLOSED";

  /** {@code REQUIRE_CONSENT_FOR} names the send's channel and the lead has no consent recorded. */
  public static final String NO_CONSENT = "NO_CONSENT";

  /** The organisation's compliance middleware did not answer, and its failure mode is block. */
  public static final String COMPLIANCE_CHECK_UNAVAILABLE = "COMPLIANCE_CHECK_UNAVAILABLE";

  private static final java.util.Set<String> BUILT_IN =
      java.util.Set.of(OPTED_OUT, EMAIL_UNSUBSCRIBED, DNC, WINDOW_CLOSED, NO_CONSENT);

  /**
   * Whether the organisation's compliance middleware decided it (its own reason, or no answer): the
   * event's {@code data.source} is {@code http}, and the block counter's label {@code
   * COMPLIANCE_CHECK} (a middleware's reasons are not a bounded label).
   */
  public static boolean fromComplianceCheck(String reason) {
    return reason != null && !BUILT_IN.contains(reason);
  }
}

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
}

package io.followup.domain.unsubscribe;

import java.util.Objects;
import java.util.Optional;

/**
 * The per-lead reply address of follow-up emails (issue 21): {@code IMAP_REPLY_ADDRESS}'s local
 * part, {@code +}, the lead's {@link ReplyTokens token}, its domain. Without a reply mailbox there
 * is none ({@link #none()}) and emails go without a {@code Reply-To}, as before.
 */
public final class ReplyAddresses {
  private final String base;
  private final ReplyTokens tokens;

  /**
   * @param base the reply mailbox's address ({@code replies@example.com})
   */
  public ReplyAddresses(String base, ReplyTokens tokens) {
    this.base = Objects.requireNonNull(base, "base").strip();
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    if (this.base.indexOf('@') <= 0) {
      throw new IllegalArgumentException("the reply address is not an email address");
    }
  }

  private ReplyAddresses() {
    this.base = null;
    this.tokens = null;
  }

  /** No reply mailbox: no Reply-To. */
  public static ReplyAddresses none() {
    return new ReplyAddresses();
  }

  public boolean enabled() {
    return tokens != null;
  }

  /** The lead's reply address; empty without a mailbox or for a lead id that is no UUID. */
  public Optional<String> forLead(String leadId) {
    return enabled() ? tokens.address(base, leadId) : Optional.empty();
  }

  @Override
  public String toString() {
    return enabled() ? "ReplyAddresses[" + base + "]" : "ReplyAddresses[none]";
  }
}

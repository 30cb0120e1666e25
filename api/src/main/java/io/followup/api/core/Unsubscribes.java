package io.followup.api.core;

import io.followup.domain.optout.OptOut;
import io.followup.domain.unsubscribe.UnsubscribeTokens;
import io.followup.domain.unsubscribe.UnsubscribeTokens.Verdict;
import io.followup.store.EmailOptOuts;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The email unsubscribe links (SPEC "Conversations", email opt-out): {@link #check} for the
 * confirmation page a GET shows (it changes nothing: mail scanners fetch links), {@link
 * #unsubscribe} for the one-click POST. A token this service did not sign is refused before the
 * database is asked.
 */
public final class Unsubscribes {
  /** What a link leads to. */
  public enum State {
    /** A valid link of a subscribed lead. */
    SUBSCRIBED,
    /** A valid link of a lead already unsubscribed from email. */
    UNSUBSCRIBED,
    /** Not a link's shape (truncated, altered beyond decoding): 400. */
    MALFORMED,
    /** A well-formed link this service did not sign, or whose lead is gone: 404. */
    UNKNOWN
  }

  /**
   * @param maskedEmail the lead's address with most of it hidden ({@code a***@example.com}), null
   *     when unknown or not a valid link
   */
  public record Link(State state, String maskedEmail) {}

  private final Jdbi jdbi;
  private final UnsubscribeTokens tokens;
  private final EmailOptOuts optOuts;

  public Unsubscribes(Jdbi jdbi, UnsubscribeTokens tokens, EmailOptOuts optOuts) {
    this.jdbi = jdbi;
    this.tokens = tokens;
    this.optOuts = optOuts;
  }

  /** Where the link stands; changes nothing. */
  public Link check(String token) {
    Verdict verdict = tokens.verify(token);
    if (!(verdict instanceof Verdict.Valid valid)) {
      return invalid(verdict);
    }
    Optional<LeadRow> lead =
        Database.call(() -> jdbi.withHandle(handle -> LeadStatements.find(handle, valid.leadId())));
    return lead.map(
            row ->
                new Link(
                    row.emailUnsubscribed() ? State.UNSUBSCRIBED : State.SUBSCRIBED,
                    mask(row.email())))
        .orElse(new Link(State.UNKNOWN, null));
  }

  /**
   * Unsubscribes the link's lead from email; a second time records nothing more.
   *
   * @return {@link State#UNSUBSCRIBED} when the lead is unsubscribed (now or before)
   */
  public Link unsubscribe(String token) {
    Verdict verdict = tokens.verify(token);
    if (!(verdict instanceof Verdict.Valid valid)) {
      return invalid(verdict);
    }
    EmailOptOuts.Outcome outcome =
        Database.call(() -> optOuts.unsubscribe(valid.leadId(), OptOut.UNSUBSCRIBE_LINK));
    return outcome == EmailOptOuts.Outcome.UNKNOWN_LEAD
        ? new Link(State.UNKNOWN, null)
        : new Link(State.UNSUBSCRIBED, null);
  }

  private static Link invalid(Verdict verdict) {
    return new Link(verdict instanceof Verdict.Malformed ? State.MALFORMED : State.UNKNOWN, null);
  }

  /** {@code ada@example.com} → {@code a***@example.com}; null for no address. */
  static String mask(String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
  }
}

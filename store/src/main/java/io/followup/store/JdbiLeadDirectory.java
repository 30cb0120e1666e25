package io.followup.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.lead.Lead;
import io.followup.domain.lead.LeadDirectory;
import io.followup.domain.optout.OptOut;
import io.followup.store.webhooks.WebhookOutbox;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Activities read the lead's contact details here, at send time, and record an opt-out a provider
 * reported.
 */
public final class JdbiLeadDirectory implements LeadDirectory {
  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;
  private final OptOuts optOuts;

  public JdbiLeadDirectory(Jdbi jdbi, ObjectMapper json) {
    this(jdbi, json, Clock.systemUTC());
  }

  public JdbiLeadDirectory(Jdbi jdbi, ObjectMapper json, Clock clock) {
    this(jdbi, json, clock, WebhookOutbox.none());
  }

  /**
   * @param webhooks where a provider-reported opt-out becomes an {@code optOut} webhook, in the
   *     transaction that records it
   */
  public JdbiLeadDirectory(Jdbi jdbi, ObjectMapper json, Clock clock, WebhookOutbox webhooks) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
    this.optOuts = new OptOuts(json, webhooks);
  }

  /**
   * Sets {@code is_unsubscribed} and records the {@code OPT_OUT} event ({@code data}: {@code
   * channel}, {@code reason}, {@code source: provider}) and its {@code optOut} webhook ({@code
   * isTwilioOptOut: true}) in one transaction; a lead already unsubscribed, or unknown, gets none.
   */
  @Override
  public void markOptedOut(String leadId, String channel, String reason) {
    OptOut optOut = OptOut.reportedByProvider(channel, reason);
    Instant at = clock.instant();
    Sql.forActivity(
        () ->
            jdbi.useTransaction(
                handle -> {
                  if (optOuts.record(handle, leadId, optOut, at)) {
                    LeadClock.stamp(handle, leadId, clock.instant());
                  }
                }));
  }

  @Override
  public boolean doNotContact(String phone) {
    return phone != null
        && Sql.forActivity(() -> jdbi.withHandle(handle -> DncList.contains(handle, phone)));
  }

  @Override
  public boolean hasConsent(String leadId) {
    return Sql.forActivity(
        () -> jdbi.withHandle(handle -> LeadStatements.hasConsent(handle, leadId)));
  }

  @Override
  public Optional<String> oneOffMessage(String leadId, String messageId) {
    return Sql.forActivity(
            () -> jdbi.withExtension(LeadMessageDao.class, dao -> dao.find(messageId)))
        .filter(row -> row.leadId().equals(leadId))
        .map(LeadMessageRow::body);
  }

  @Override
  public Optional<Lead> find(String leadId) {
    return Sql.forActivity(() -> jdbi.withHandle(handle -> LeadStatements.find(handle, leadId)))
        .map(
            row ->
                new Lead(
                    row.id(),
                    row.firstName(),
                    row.lastName(),
                    row.phone(),
                    row.email(),
                    row.timezone(),
                    additionalInfo(row.additionalInfo()),
                    row.isUnsubscribed(),
                    row.emailUnsubscribed(),
                    row.state()));
  }

  private Map<String, Object> additionalInfo(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("additional_info is not a JSON object", e);
    }
  }
}

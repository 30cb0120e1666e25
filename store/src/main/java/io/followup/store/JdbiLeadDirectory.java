package io.followup.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.worker.lead.Lead;
import io.followup.worker.lead.LeadDirectory;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Activities read the lead's contact details here, at send time. */
public final class JdbiLeadDirectory implements LeadDirectory {
  private final Jdbi jdbi;
  private final ObjectMapper json;

  public JdbiLeadDirectory(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  @Override
  public Optional<Lead> find(String leadId) {
    return Sql.forActivity(() -> jdbi.withExtension(LeadDao.class, dao -> dao.find(leadId)))
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
                    row.isUnsubscribed()));
  }

  private Map<String, Object> additionalInfo(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("additional_info is not a JSON object", e);
    }
  }
}

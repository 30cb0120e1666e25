package io.followup.worker.lead;

import java.util.Optional;

/** Where activities find a lead's contact details. The API provides the database-backed one. */
public interface LeadDirectory {
  Optional<Lead> find(String leadId);
}

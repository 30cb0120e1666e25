package io.followup.api.core;

import io.followup.api.core.view.EventPage;
import io.followup.api.core.view.LeadPage;
import io.followup.api.core.view.LeadView;
import io.followup.api.core.view.MessagesView;

/** The read use cases the HTTP layer calls ({@link LeadQueries}; fakes in resource tests). */
public interface LeadReads {
  LeadView get(String leadId);

  LeadPage list(Integer limit, String nextToken, String updatedSince, String createdSince);

  EventPage events(String leadId, Integer limit, String nextToken, String since, String types);

  MessagesView messages(String leadId);
}

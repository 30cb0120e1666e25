package io.followup.worker.lead;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Leads held in memory: tests and local runs. */
public final class InMemoryLeadDirectory implements LeadDirectory {
  private final ConcurrentMap<String, Lead> leads = new ConcurrentHashMap<>();

  public InMemoryLeadDirectory put(Lead lead) {
    leads.put(lead.id(), lead);
    return this;
  }

  public void remove(String leadId) {
    leads.remove(leadId);
  }

  @Override
  public Optional<Lead> find(String leadId) {
    return leadId == null ? Optional.empty() : Optional.ofNullable(leads.get(leadId));
  }
}

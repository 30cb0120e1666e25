package io.followup.domain.lead;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Leads held in memory: tests and local runs. */
public final class InMemoryLeadDirectory implements LeadDirectory {
  private final ConcurrentMap<String, Lead> leads = new ConcurrentHashMap<>();
  private final List<String> optOuts = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<String, String> messages = new ConcurrentHashMap<>();
  private final Set<String> doNotContact = ConcurrentHashMap.newKeySet();
  private final Set<String> consented = ConcurrentHashMap.newKeySet();

  /** Records that {@code leadId} gave its consent (its provenance is the API's business). */
  public InMemoryLeadDirectory consent(String leadId) {
    consented.add(leadId);
    return this;
  }

  @Override
  public boolean hasConsent(String leadId) {
    return consented.contains(leadId);
  }

  /** Puts {@code phone} (E.164) on the Do-Not-Contact list. */
  public InMemoryLeadDirectory listDoNotContact(String phone) {
    doNotContact.add(phone);
    return this;
  }

  @Override
  public boolean doNotContact(String phone) {
    return phone != null && doNotContact.contains(phone);
  }

  /** Stores a one-off message's text (sendMessage) of {@code leadId}. */
  public InMemoryLeadDirectory putMessage(String leadId, String messageId, String text) {
    messages.put(leadId + " " + messageId, text);
    return this;
  }

  @Override
  public Optional<String> oneOffMessage(String leadId, String messageId) {
    return Optional.ofNullable(messages.get(leadId + " " + messageId));
  }

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

  @Override
  public void markOptedOut(String leadId, String channel, String reason) {
    Lead before = leads.get(leadId);
    if (before != null && !before.unsubscribed()) {
      leads.put(leadId, before.withUnsubscribed(true));
      optOuts.add(leadId + " " + channel + " " + reason);
    }
  }

  /** The opt-outs recorded, as {@code leadId channel reason}. */
  public List<String> optOuts() {
    return List.copyOf(optOuts);
  }
}

package io.followup.store.webhooks;

import java.net.URI;
import java.util.Set;

/**
 * One receiver of {@code WEBHOOK_URLS}: its URL and the events it subscribed to.
 *
 * @param events the names of {@link WebhookEvents#SUBSCRIBABLE} it gets; empty: every event
 */
public record WebhookTarget(URI url, Set<String> events) {
  public WebhookTarget {
    events = Set.copyOf(events);
  }

  public static WebhookTarget everyEvent(URI url) {
    return new WebhookTarget(url, Set.of());
  }

  public boolean wants(String event) {
    return events.isEmpty() || events.contains(event);
  }
}

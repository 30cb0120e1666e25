package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import io.followup.api.webhooks.DispatchSettings;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookTarget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Outbound webhooks ({@code webhooks:} in the YAML): {@code WEBHOOK_URLS} (http or https URLs;
 * empty: none), {@code WEBHOOK_SECRET} (required with URLs; never logged) and {@code
 * WEBHOOK_RETENTION_DAYS} (how long the delivery log keeps a delivered or failed delivery). The
 * delivery timings are YAML-only (tests shorten them).
 *
 * <p>{@code WEBHOOK_URLS} is either the plain comma-separated list ({@code
 * https://a/hook,https://b}) or, once any URL names events, {@code ;}-separated entries {@code
 * url|event,event}: {@code https://a/hook|message.sent,optOut;https://b/hook} sends {@code a} those
 * two events and {@code b} every event.
 */
@HandChecked
public class WebhookSettings implements HandChecked.Settings {
  @JsonProperty public String urls = "";
  @JsonProperty public String secret = "";

  @Min(value = 1, message = "WEBHOOK_RETENTION_DAYS: must be at least 1")
  @Max(value = 3650, message = "WEBHOOK_RETENTION_DAYS: must be at most 3650")
  @JsonProperty
  public int retentionDays = 30;

  /** Whether this process runs the dispatcher (the API process and the embedded run do). */
  @JsonProperty public Boolean dispatch;

  @JsonProperty public Duration pollEvery = Duration.seconds(1);
  @JsonProperty public Duration connectTimeout = Duration.seconds(5);
  @JsonProperty public Duration requestTimeout = Duration.seconds(10);
  @JsonProperty public Duration firstRetry = Duration.seconds(10);
  @JsonProperty public Duration maxRetry = Duration.hours(1);
  @JsonProperty public Duration retryFor = Duration.hours(25);

  /** The configured URLs; call on valid settings. */
  public List<URI> list() {
    return targets().stream().map(WebhookTarget::url).toList();
  }

  /** The configured URLs with the events each subscribed to; call on valid settings. */
  public List<WebhookTarget> targets() {
    return entries().stream()
        .map(e -> new WebhookTarget(URI.create(urlOf(e)), eventsOf(e)))
        .toList();
  }

  public boolean enabled() {
    return !entries().isEmpty();
  }

  private List<String> entries() {
    String value = urls == null ? "" : urls;
    // the filtered form separates entries by ';' (a filter's events are comma-separated)
    String separator = value.contains("|") || value.contains(";") ? ";" : ",";
    return Arrays.stream(value.split(separator))
        .map(String::strip)
        .filter(u -> !u.isEmpty())
        .toList();
  }

  private static String urlOf(String entry) {
    int bar = entry.indexOf('|');
    return (bar < 0 ? entry : entry.substring(0, bar)).strip();
  }

  private static Set<String> eventsOf(String entry) {
    int bar = entry.indexOf('|');
    if (bar < 0) {
      return Set.of();
    }
    Set<String> events = new LinkedHashSet<>();
    for (String event : entry.substring(bar + 1).split(",")) {
      if (!event.isBlank()) {
        events.add(event.strip());
      }
    }
    return events;
  }

  /** How long the delivery log keeps a delivered or failed delivery. */
  public java.time.Duration retention() {
    return java.time.Duration.ofDays(retentionDays);
  }

  @ValidationMethod(
      message = "WEBHOOK_RETENTION_DAYS: must be longer than the retry period (webhooks.retryFor)")
  @JsonIgnore
  public boolean isRetentionLongerThanRetries() {
    // a retention under a day is @Min's to report
    return retryFor == null
        || retentionDays < 1
        || retention().toMillis() > retryFor.toMilliseconds();
  }

  @ValidationMethod(message = "WEBHOOK_SECRET: is required with WEBHOOK_URLS")
  @JsonIgnore
  public boolean isSecretGiven() {
    return entries().isEmpty() || (secret != null && !secret.isEmpty());
  }

  @ValidationMethod(message = "WEBHOOK_URLS: a URL is listed twice")
  @JsonIgnore
  public boolean isEachUrlListedOnce() {
    List<String> urls = entries().stream().map(WebhookSettings::urlOf).toList();
    return urls.stream().distinct().count() == urls.size();
  }

  /** Each URL's rule with its position; no value is echoed (a URL may carry a token). */
  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    List<String> entries = entries();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      String problem = urlProblem(urlOf(entry));
      if (problem != null) {
        problems.add("WEBHOOK_URLS: URL " + (i + 1) + " " + problem);
      }
      if (entry.indexOf('|') >= 0 && eventsOf(entry).isEmpty()) {
        problems.add("WEBHOOK_URLS: URL " + (i + 1) + " names no event after '|'");
      }
      for (String event : eventsOf(entry)) {
        if (!WebhookEvents.SUBSCRIBABLE.contains(event)) {
          // an event name is ours, not the caller's secret: naming it helps
          problems.add(
              "WEBHOOK_URLS: URL "
                  + (i + 1)
                  + " names an unknown event '"
                  + event
                  + "' (one of "
                  + String.join(", ", new TreeSet<>(WebhookEvents.SUBSCRIBABLE))
                  + ")");
        }
      }
    }
    return problems;
  }

  private static String urlProblem(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return "must be an http or https URL";
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return "has no host";
      }
      if (url.length() > 2000) {
        return "is longer than 2000 characters";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
  }

  public DispatchSettings dispatchSettings() {
    return DispatchSettings.defaults()
        .withPollEvery(java.time.Duration.ofMillis(pollEvery.toMilliseconds()))
        .withTimeouts(
            java.time.Duration.ofMillis(connectTimeout.toMilliseconds()),
            java.time.Duration.ofMillis(requestTimeout.toMilliseconds()))
        .withRetries(
            java.time.Duration.ofMillis(firstRetry.toMilliseconds()),
            java.time.Duration.ofMillis(maxRetry.toMilliseconds()),
            java.time.Duration.ofMillis(retryFor.toMilliseconds()));
  }

  @Override
  public String toString() {
    return "WebhookSettings[" + entries().size() + " URL(s)]";
  }
}

package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import io.followup.api.webhooks.DispatchSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Outbound webhooks ({@code webhooks:} in the YAML): {@code WEBHOOK_URLS} (comma-separated http or
 * https URLs; empty: none) and {@code WEBHOOK_SECRET} (required with URLs; never logged). The
 * delivery timings are YAML-only (tests shorten them).
 */
@HandChecked
public class WebhookSettings implements HandChecked.Settings {
  @JsonProperty public String urls = "";
  @JsonProperty public String secret = "";

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
    return entries().stream().map(URI::create).toList();
  }

  public boolean enabled() {
    return !entries().isEmpty();
  }

  private List<String> entries() {
    return Arrays.stream(urls == null ? new String[0] : urls.split(","))
        .map(String::strip)
        .filter(u -> !u.isEmpty())
        .toList();
  }

  @ValidationMethod(message = "WEBHOOK_SECRET: is required with WEBHOOK_URLS")
  @JsonIgnore
  public boolean isSecretGiven() {
    return entries().isEmpty() || (secret != null && !secret.isEmpty());
  }

  @ValidationMethod(message = "WEBHOOK_URLS: a URL is listed twice")
  @JsonIgnore
  public boolean isEachUrlListedOnce() {
    List<String> entries = entries();
    return entries.stream().distinct().count() == entries.size();
  }

  /** Each URL's rule with its position; no value is echoed (a URL may carry a token). */
  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    List<String> entries = entries();
    for (int i = 0; i < entries.size(); i++) {
      String problem = urlProblem(entries.get(i));
      if (problem != null) {
        problems.add("WEBHOOK_URLS: URL " + (i + 1) + " " + problem);
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

package io.followup.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * {@code http_server_requests_seconds{method, uri, status}}: every API request with its latency,
 * labelled with the route template ({@code /v1/leads/{leadId}}), never the raw path, so no lead id
 * becomes a label. A request refused before routing (no API key, body too large, no such path) is
 * labelled {@code uri="UNMATCHED"}.
 */
public final class HttpMetrics implements ApplicationEventListener {
  public static final String NAME = "http.server.requests";
  public static final String UNMATCHED = "UNMATCHED";

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onEvent(ApplicationEvent event) {}

  @Override
  public RequestEventListener onRequest(RequestEvent start) {
    long started = System.nanoTime();
    return event -> {
      if (event.getType() == RequestEvent.Type.FINISHED) {
        ContainerResponse response = event.getContainerResponse();
        Timer.builder(NAME)
            .description("API requests by route template, method and status")
            .tag("method", event.getContainerRequest().getMethod())
            .tag("uri", template(event.getUriInfo().getMatchedTemplates()))
            .tag("status", Integer.toString(response == null ? 500 : response.getStatus()))
            .serviceLevelObjectives(BUCKETS)
            .register(registry)
            .record(Duration.ofNanos(System.nanoTime() - started));
      }
    };
  }

  /** Jersey lists the matched templates innermost first: the method's, then its resource's. */
  static String template(List<UriTemplate> matched) {
    if (matched == null || matched.isEmpty()) {
      return UNMATCHED;
    }
    StringBuilder path = new StringBuilder();
    for (int i = matched.size() - 1; i >= 0; i--) {
      String part = matched.get(i).getTemplate();
      if (part.isEmpty() || part.equals("/")) {
        continue;
      }
      if (!part.startsWith("/")) {
        path.append('/');
      }
      path.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
    }
    return path.length() == 0 ? "/" : path.toString();
  }
}

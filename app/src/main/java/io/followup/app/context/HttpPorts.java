package io.followup.app.context;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.followup.api.http.JettyErrors;
import io.followup.api.http.RequestIdFilter;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.admin.AdminTaskGuard;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;

/** What both ports of every process have (the application port only where the API runs). */
public final class HttpPorts {
  private HttpPorts() {}

  public static void install(FollowUpConfiguration config, Environment environment) {
    // Jetty's own errors (bad URI, headers too large, unknown admin path...) as JSON too
    JettyErrors.install(environment);
    // X-Request-Id on every answer of both ports, in the MDC of every log line of the request
    environment
        .servlets()
        .addFilter("request-id", new RequestIdFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    environment
        .admin()
        .addFilter("request-id", new RequestIdFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    // the admin tasks: JSON 405s, and log-level's parameters checked (no BOGUS read as DEBUG)
    environment
        .admin()
        .addFilter("admin-tasks", new AdminTaskGuard())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");

    if (!config.api.enabled && config.getServerFactory() instanceof DefaultServerFactory server) {
      // a worker process listens on its admin port (health, metrics) only
      server.setApplicationConnectors(List.of());
    }
  }
}

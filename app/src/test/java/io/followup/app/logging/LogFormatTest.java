package io.followup.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.followup.app.FollowUpConfiguration;
import java.util.Map;
import java.util.TimeZone;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code LOG_FORMAT} in both shipped configurations: text by default, {@code json} switches the
 * application and access logs to one JSON object a line (the application line carries the request
 * id from the MDC), anything else stops the start naming the variable.
 */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FollowUpConfiguration load(String file, Map<String, String> env) throws Exception {
    return new YamlConfigurationFactory<>(
            FollowUpConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(
                new ResourceConfigurationSourceProvider(), new StringSubstitutor(env)),
            file);
  }

  private static EventLayout eventLayout(FollowUpConfiguration config) {
    ConsoleAppenderFactory<?> console =
        (ConsoleAppenderFactory<?>)
            ((DefaultLoggingFactory) config.getLoggingFactory()).getAppenders().get(0);
    return (EventLayout) console.getLayout();
  }

  private static AccessLayout accessLayout(FollowUpConfiguration config) {
    LogbackAccessRequestLogFactory requestLog =
        (LogbackAccessRequestLogFactory)
            ((DefaultServerFactory) config.getServerFactory()).getRequestLogFactory();
    return (AccessLayout)
        ((ConsoleAppenderFactory<?>) requestLog.getAppenders().get(0)).getLayout();
  }

  private static String line(EventLayout layout, String requestId) {
    LoggerContext context = new LoggerContext();
    LayoutBase<ch.qos.logback.classic.spi.ILoggingEvent> built =
        layout.build(context, TimeZone.getTimeZone("UTC"));
    built.start();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerName("io.followup.test");
    event.setLevel(Level.INFO);
    event.setMessage("a step was sent");
    event.setThreadName("worker-1");
    event.setTimeStamp(0);
    event.setMDCPropertyMap(requestId == null ? Map.of() : Map.of("requestId", requestId));
    return built.doLayout(event);
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void jsonWritesOneJsonObjectALineWithTheRequestId(String file) throws Exception {
    FollowUpConfiguration config = load(file, Map.of("LOG_FORMAT", "json"));
    assertThat(accessLayout(config).format).isEqualTo("json");

    String line = line(eventLayout(config), "req-42");
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("requestId").asText()).isEqualTo("req-42");
    assertThat(json.path("message").asText()).isEqualTo("a step was sent");
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("logger").asText()).isEqualTo("io.followup.test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void textIsTheDefaultAndNamesTheRequestIdWhenThereIsOne(String file) throws Exception {
    FollowUpConfiguration config = load(file, Map.of());
    assertThat(accessLayout(config).format).isEqualTo("text");
    assertThat(line(eventLayout(config), "req-42"))
        .startsWith("INFO  [1970-01-01 00:00:00,000] req-42 io.followup.test: a step was sent");
    assertThat(line(eventLayout(config), null))
        .startsWith("INFO  [1970-01-01 00:00:00,000] io.followup.test: a step was sent");
  }

  @Test
  void anythingElseStopsTheStartNamingTheVariable() {
    EventLayout layout = new EventLayout();
    layout.format = "xml";
    assertThatThrownBy(() -> layout.build(new LoggerContext(), TimeZone.getTimeZone("UTC")))
        .hasMessage("LOG_FORMAT: must be text or json; got 'xml'");
    AccessLayout access = new AccessLayout();
    access.format = "JSONL";
    assertThatThrownBy(() -> access.build(new LoggerContext(), TimeZone.getTimeZone("UTC")))
        .hasMessageStartingWith("LOG_FORMAT: must be text or json");
  }
}

package io.followup.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.EventAttribute;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import java.util.EnumSet;
import java.util.TimeZone;

/**
 * The application log's layout, {@code type: followup-event}: {@code pattern} as text (Dropwizard's
 * own line with the request id, when there is one, before the logger's name), or with {@code
 * format: json} one JSON object a line (timestamp, level, thread, logger, message, exception, and
 * the MDC flattened: {@code requestId} is a top-level field).
 */
@JsonTypeName("followup-event")
public class EventLayout implements DiscoverableLayoutFactory<ILoggingEvent> {
  /** {@code text} or {@code json} (LOG_FORMAT). */
  @JsonProperty public String format = "text";

  /** The text line (logback conversion words). */
  @JsonProperty
  public String pattern = "%-5p [%d{ISO8601,UTC}] %replace(%X{requestId} ){'^ $',''}%c: %m%n%rEx";

  @Override
  public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
    if (LogFormat.parse(format) == LogFormat.TEXT) {
      DropwizardLayout text = new DropwizardLayout(context, timeZone);
      text.setPattern(pattern);
      return text;
    }
    EventJsonLayoutBaseFactory json = new EventJsonLayoutBaseFactory();
    json.setIncludes(
        EnumSet.of(
            EventAttribute.TIMESTAMP,
            EventAttribute.LEVEL,
            EventAttribute.THREAD_NAME,
            EventAttribute.LOGGER_NAME,
            EventAttribute.MESSAGE,
            EventAttribute.EXCEPTION,
            EventAttribute.MDC));
    json.setFlattenMdc(true);
    return json.build(context, timeZone);
  }
}

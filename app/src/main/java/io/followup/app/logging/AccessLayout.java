package io.followup.app.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.AccessAttribute;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import io.followup.workflows.RequestIds;
import java.util.EnumSet;
import java.util.Set;
import java.util.TimeZone;

/**
 * The access log's layout, {@code type: followup-access}: {@code pattern} as text, or with {@code
 * format: json} one JSON object a line. Either way the path without its query string (a key or a
 * phone number sent as a query parameter never reaches the log), no Referer, and the request id
 * (the {@code X-Request-Id} response header).
 */
@JsonTypeName("followup-access")
public class AccessLayout implements DiscoverableLayoutFactory<IAccessEvent> {
  /** {@code text} or {@code json} (LOG_FORMAT). */
  @JsonProperty public String format = "text";

  /** The text line (logback-access conversion words). */
  @JsonProperty
  public String pattern = "%h %l [%t{dd/MMM/yyyy:HH:mm:ss.SSS Z,UTC}] \"%m %U %H\" %s";

  @Override
  public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
    if (LogFormat.parse(format) == LogFormat.TEXT) {
      LogbackAccessRequestLayout text = new LogbackAccessRequestLayout(context, timeZone);
      text.setPattern(pattern);
      return text;
    }
    AccessJsonLayoutBaseFactory json = new AccessJsonLayoutBaseFactory();
    json.setIncludes(
        EnumSet.of(
            AccessAttribute.TIMESTAMP,
            AccessAttribute.REMOTE_ADDRESS,
            AccessAttribute.METHOD,
            AccessAttribute.REQUEST_URI,
            AccessAttribute.PROTOCOL,
            AccessAttribute.STATUS_CODE,
            AccessAttribute.CONTENT_LENGTH,
            AccessAttribute.REQUEST_TIME));
    json.setResponseHeaders(Set.of(RequestIds.HEADER));
    return json.build(context, timeZone);
  }
}
